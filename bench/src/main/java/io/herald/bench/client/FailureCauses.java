package io.herald.bench.client;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;

/**
 * Turns a connection failure into a short cause that can be counted: thousands of failures should
 * collapse into a handful of lines, so addresses and ports are left out.
 */
public final class FailureCauses {

    private FailureCauses() {}

    public static String of(Throwable error) {
        Throwable cause = unwrap(error);
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof WebSocketClientHandshakeException handshake) {
            return handshake.response() == null ? "handshake failed" : "handshake rejected: HTTP " + handshake.response().status().code();
        }
        if (message.contains("cannot assign requested address") || cause instanceof BindException) {
            return "no local port (bind)";
        }
        if (message.contains("connection refused")) {
            return "connect refused";
        }
        if (message.contains("too many open files")) {
            return "too many open files";
        }
        if (message.contains("connection reset")) {
            return "connection reset";
        }
        if (cause instanceof ClosedChannelException) {
            return "closed";
        }
        if (cause instanceof NoRouteToHostException || cause instanceof ConnectException || cause instanceof SocketException) {
            return cause.getClass().getSimpleName() + ": " + firstWords(message);
        }
        return cause.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable at = error;
        while (at.getCause() != null && at.getCause() != at && !(at instanceof WebSocketClientHandshakeException)) {
            at = at.getCause();
        }
        return at;
    }

    /** The message up to its first colon, which is where Netty appends the address. */
    private static String firstWords(String message) {
        int colon = message.indexOf(':');
        return colon < 0 ? message : message.substring(0, colon);
    }
}
