package io.herald.transport;

import io.netty.handler.codec.http.HttpHeaders;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The address a per-address limit counts a client under: an IPv4 address, or the /64 network of an
 * IPv6 address (one host usually holds a whole /64, so counting single IPv6 addresses would let it
 * take as many as it likes).
 */
public final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private ClientAddresses() {}

    /** The key of a socket's peer, or null when it has no IP address (a Unix socket, a test channel). */
    public static String of(SocketAddress peer) {
        return peer instanceof InetSocketAddress inet && inet.getAddress() != null ? of(inet.getAddress()) : null;
    }

    public static String of(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] bytes = v6.getAddress();
            if (isIpv4Mapped(bytes)) {
                return (bytes[12] & 0xFF) + "." + (bytes[13] & 0xFF) + "." + (bytes[14] & 0xFF) + "." + (bytes[15] & 0xFF);
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF))).append(':');
            }
            return network.append(":/64").toString();
        }
        return address.getHostAddress();
    }

    /**
     * The key of the address a proxy put in {@code header}: its right-most entry, which the proxy
     * next to Herald wrote (entries to its left come from further away, or from the client
     * itself). Null when the header is missing or that entry is not an IP address.
     */
    public static String fromHeader(HttpHeaders headers, String header) {
        List<String> values = headers.getAll(header);
        if (values.isEmpty()) {
            return null;
        }
        String last = values.get(values.size() - 1);
        String entry = last.substring(last.lastIndexOf(',') + 1).trim();
        InetAddress address = parseLiteral(entry);
        return address == null ? null : of(address);
    }

    /** An IP address written as a literal ({@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code [::1]:80}, {@code ::1}); never a DNS lookup. */
    static InetAddress parseLiteral(String text) {
        String literal = text;
        if (literal.startsWith("[")) {
            int close = literal.indexOf(']');
            if (close < 0) {
                return null;
            }
            literal = literal.substring(1, close);
        } else if (literal.indexOf(':') == literal.lastIndexOf(':') && literal.indexOf(':') > 0) {
            literal = literal.substring(0, literal.indexOf(':'));
        }
        if (IPV4.matcher(literal).matches()) {
            return ipv4(literal);
        }
        if (literal.indexOf(':') < 0 || !IPV6.matcher(literal).matches()) {
            return null;
        }
        try {
            // A text with a colon is parsed as an IPv6 literal and refused if it is not one; never resolved.
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code ::ffff:a.b.c.d}: an IPv4 client of a dual-stack socket. */
    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xFF && bytes[11] == (byte) 0xFF;
    }

    private static InetAddress ipv4(String literal) {
        String[] parts = literal.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            int octet = Integer.parseInt(parts[i]);
            if (octet > 255) {
                return null;
            }
            bytes[i] = (byte) octet;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }
}
