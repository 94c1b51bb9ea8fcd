package io.herald.transport;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;

/**
 * Close frames as RFC 6455 allows them: a status code an endpoint may send, and a reason of at
 * most 123 bytes of UTF-8 (a control frame carries 125 bytes, two of them the code). Clients treat
 * a longer close frame as a protocol error and report 1006 instead of the code Herald meant.
 */
public final class CloseFrames {

    public static final int MAX_REASON_BYTES = 123;

    private CloseFrames() {}

    /** A close frame with {@code code} and {@code reason} cut to {@link #MAX_REASON_BYTES}. */
    public static CloseWebSocketFrame of(int code, String reason) {
        return new CloseWebSocketFrame(code, truncate(reason));
    }

    /** {@code reason} cut to at most 123 bytes of UTF-8, never inside a character. */
    public static String truncate(String reason) {
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > MAX_REASON_BYTES) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return end == reason.length() ? reason : reason.substring(0, end);
    }

    /**
     * Whether a peer may send {@code code} in a close frame (RFC 6455 section 7.4 and the IANA
     * registry): 1000-1003, 1007-1014, and 3000-4999 for libraries and applications. 1005, 1006
     * and 1015 only report what happened locally and never travel.
     */
    public static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
