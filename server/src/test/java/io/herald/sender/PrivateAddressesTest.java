package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrivateAddressesTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** An IPv6 address kept in its 16-byte form even when it wraps an IPv4 address. */
    private static InetAddress ip6(String literal) throws UnknownHostException {
        byte[] bytes = ip(literal).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return java.net.Inet6Address.getByAddress(null, bytes, -1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255",
        "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
        "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1", "198.18.0.1", "192.0.0.8",
        "::1", "::", "fe80::1", "fc00::1", "fd12:3456:789a::1", "ff02::1", "fec0::1",
        "::ffff:127.0.0.1", "::ffff:10.1.2.3", "::127.0.0.1", "64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1",
        "2002:7f00:1::", "2002:c0a8:101::1"
    })
    void refusesPrivateLoopbackLinkLocalAndWrappedAddresses(String address) {
        assertThat(PrivateAddresses.isPrivate(ip(address))).as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "8.8.8.8", "1.1.1.1", "93.184.216.34", "172.15.255.255", "172.32.0.1", "100.63.255.255",
        "100.128.0.1", "192.169.0.1", "169.255.0.1", "2606:4700::1111", "2001:4860:4860::8888",
        "64:ff9b::808:808", "2002:808:808::1", "::ffff:8.8.8.8"
    })
    void allowsPublicAddresses(String address) {
        assertThat(PrivateAddresses.isPrivate(ip(address))).as(address).isFalse();
    }

    @Test
    void refusesIpv4MappedAddressesKeptInTheirIpv6Form() throws Exception {
        InetAddress mapped = ip6("127.0.0.1");
        assertThat(mapped.getAddress()).hasSize(16);
        assertThat(PrivateAddresses.isPrivate(mapped)).isTrue();
        assertThat(PrivateAddresses.isPrivate(ip6("8.8.8.8"))).isFalse();
    }

    @Test
    void readsIpLiteralsButNotHostNames() {
        assertThat(PrivateAddresses.literal("127.0.0.1")).isEqualTo(ip("127.0.0.1"));
        assertThat(PrivateAddresses.literal("[::1]")).isEqualTo(ip("::1"));
        assertThat(PrivateAddresses.literal("::1")).isEqualTo(ip("::1"));
        assertThat(PrivateAddresses.literal("localhost")).isNull();
        assertThat(PrivateAddresses.literal("hooks.example.com")).isNull();
    }

    @Test
    void guardedDnsRefusesANameThatResolvesOnlyToPrivateAddresses() {
        GuardedDns dns = new GuardedDns(Dns.SYSTEM);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dns.lookup("localhost"))
                .isInstanceOf(BlockedAddressException.class)
                .hasMessageContaining("blocked private address");
    }

    @Test
    void guardedDnsKeepsOnlyThePublicAddressesOfAMixedAnswer() throws Exception {
        Dns answers = hostname -> List.of(ip("10.0.0.5"), ip("93.184.216.34"), ip("::1"));
        assertThat(new GuardedDns(answers).lookup("mixed.test")).containsExactly(ip("93.184.216.34"));
    }
}
