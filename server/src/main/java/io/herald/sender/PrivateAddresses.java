package io.herald.sender;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The addresses the private-network guard refuses: anything not reachable on the public internet
 * that a webhook URL could use to reach the server's own network (loopback, RFC 1918, link-local
 * and cloud metadata, CGNAT, unique-local IPv6, multicast, reserved), including IPv4 addresses
 * wrapped in IPv6 (IPv4-mapped, IPv4-compatible, NAT64 and 6to4).
 */
public final class PrivateAddresses {

    private static final List<Cidr> IPV4 = List.of(
            Cidr.of("0.0.0.0", 8),        // "this network"
            Cidr.of("10.0.0.0", 8),       // private
            Cidr.of("100.64.0.0", 10),    // carrier-grade NAT
            Cidr.of("127.0.0.0", 8),      // loopback
            Cidr.of("169.254.0.0", 16),   // link-local, cloud metadata
            Cidr.of("172.16.0.0", 12),    // private
            Cidr.of("192.0.0.0", 24),     // IETF protocol assignments
            Cidr.of("192.168.0.0", 16),   // private
            Cidr.of("198.18.0.0", 15),    // benchmarking
            Cidr.of("224.0.0.0", 4),      // multicast
            Cidr.of("240.0.0.0", 4));     // reserved, broadcast

    private static final List<Cidr> IPV6 = List.of(
            Cidr.of("::", 128),           // unspecified
            Cidr.of("::1", 128),          // loopback
            Cidr.of("fc00::", 7),         // unique local
            Cidr.of("fe80::", 10),        // link-local
            Cidr.of("fec0::", 10),        // site-local (deprecated)
            Cidr.of("ff00::", 8));        // multicast

    private static final Cidr MAPPED = Cidr.of("::ffff:0:0", 96);
    private static final Cidr COMPATIBLE = Cidr.of("::", 96);
    private static final Cidr NAT64 = Cidr.of("64:ff9b::", 96);
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::", 16);

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private PrivateAddresses() {}

    public static boolean isPrivate(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return matchesAny(IPV4, bytes);
        }
        if (MAPPED.contains(bytes) || COMPATIBLE.contains(bytes) || NAT64.contains(bytes)) {
            return isPrivateV4(bytes, 12);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return isPrivateV4(bytes, 2);
        }
        return matchesAny(IPV6, bytes);
    }

    /**
     * The host of a URL as an address when it is an IP literal ({@code 10.0.0.1},
     * {@code ::1} or {@code [::1]}), else null: host names are checked where they are resolved.
     */
    public static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.contains(":") && !IPV4_LITERAL.matcher(bare).matches()) {
            return null;
        }
        try {
            return InetAddress.getByName(bare);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isPrivateV4(byte[] v6, int offset) {
        byte[] v4 = new byte[4];
        System.arraycopy(v6, offset, v4, 0, 4);
        return matchesAny(IPV4, v4);
    }

    private static boolean matchesAny(List<Cidr> ranges, byte[] bytes) {
        for (Cidr range : ranges) {
            if (range.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private record Cidr(byte[] network, int prefixLength) {

        static Cidr of(String address, int prefixLength) {
            try {
                InetAddress parsed = InetAddress.getByName(address);
                byte[] bytes = parsed.getAddress();
                if (address.contains(":") && bytes.length == 4) {
                    // ::ffff:0:0 parses as an IPv4 address; keep the 16-byte form.
                    bytes = mapped(bytes);
                }
                return new Cidr(bytes, prefixLength);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int fullBytes = prefixLength / 8;
            for (int i = 0; i < fullBytes; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int remainingBits = prefixLength % 8;
            if (remainingBits == 0) {
                return true;
            }
            int mask = 0xFF << (8 - remainingBits) & 0xFF;
            return (address[fullBytes] & mask) == (network[fullBytes] & mask);
        }

        private static byte[] mapped(byte[] v4) {
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xFF;
            v6[11] = (byte) 0xFF;
            System.arraycopy(v4, 0, v6, 12, 4);
            return v6;
        }
    }
}
