package io.herald.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Base64;

/**
 * What a request on {@code {prefix}/app/{key}} must be to become a WebSocket (RFC 6455 section
 * 4.2.1), checked before the client gets anything, a connection slot included. Only version 13
 * is spoken: the hixie-76 handshake ({@code Sec-WebSocket-Key1/Key2}) and the drafts before 13
 * get 426, as no client Herald supports uses them.
 */
final class UpgradeRequests {

    /** Why a request cannot be upgraded, as the HTTP status and message it is answered with. */
    record Rejection(HttpResponseStatus status, String message) {}

    static final String VERSION = "13";
    private static final int KEY_BYTES = 16;

    private UpgradeRequests() {}

    /** Null when the request is a well-formed version 13 upgrade. */
    static Rejection problem(HttpRequest request) {
        HttpHeaders headers = request.headers();
        if (!request.method().equals(HttpMethod.GET)) {
            return new Rejection(HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "A WebSocket connection to /app/{key} is opened with GET, not " + request.method());
        }
        if (!headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "Expected a WebSocket upgrade request on /app/{key}");
        }
        if (!headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST, "A WebSocket upgrade request needs the header Connection: Upgrade");
        }
        String version = headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (version == null || !version.trim().equals(VERSION)) {
            return new Rejection(HttpResponseStatus.UPGRADE_REQUIRED,
                    "Only WebSocket version 13 (RFC 6455) is supported; the request needs Sec-WebSocket-Version: 13");
        }
        if (!isKey(headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY))) {
            return new Rejection(HttpResponseStatus.BAD_REQUEST,
                    "A WebSocket upgrade request needs a Sec-WebSocket-Key of 16 random bytes in base64");
        }
        return null;
    }

    private static boolean isKey(String key) {
        if (key == null) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
