package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientAddressesTest {

    @Test
    void countsIpv4ByAddressAndIpv6ByItsSlash64() throws Exception {
        assertThat(ClientAddresses.of(InetAddress.getByName("203.0.113.7"))).isEqualTo("203.0.113.7");
        assertThat(ClientAddresses.of(InetAddress.getByName("2001:db8:1:2:aaaa::1")))
                .isEqualTo(ClientAddresses.of(InetAddress.getByName("2001:db8:1:2:bbbb::9")))
                .isEqualTo("2001:db8:1:2::/64");
        assertThat(ClientAddresses.of(InetAddress.getByName("2001:db8:1:3::1"))).isEqualTo("2001:db8:1:3::/64");
    }

    @Test
    void countsAnIpv4ClientOfADualStackSocketByItsIpv4Address() throws Exception {
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        mapped[12] = (byte) 198;
        mapped[13] = 51;
        mapped[14] = 100;
        mapped[15] = 4;
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);

        assertThat(ClientAddresses.of(v6)).isEqualTo("198.51.100.4");
        assertThat(ClientAddresses.of(new InetSocketAddress(v6, 443))).isEqualTo("198.51.100.4");
    }

    @Test
    void takesTheRightMostEntryOfAForwardedHeader() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("X-Forwarded-For", "10.0.0.1, 192.0.2.9")
                .add("X-Forwarded-For", "198.51.100.1,  203.0.113.7 ");

        assertThat(ClientAddresses.fromHeader(headers, "x-forwarded-for")).isEqualTo("203.0.113.7");
        assertThat(ClientAddresses.fromHeader(headers, "X-Real-IP")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7:4711", "[2001:db8::1]:443", "2001:db8::1"})
    void readsAddressesWithAPortOrInBrackets(String literal) {
        assertThat(ClientAddresses.parseLiteral(literal)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "example.com", "256.1.1.1", "1.2.3", "::g", "[::1", "", "localhost"})
    void neverResolvesAndRefusesWhatIsNotAnAddress(String text) {
        assertThat(ClientAddresses.parseLiteral(text)).isNull();
    }
}
