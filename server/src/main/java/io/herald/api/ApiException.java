package io.herald.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the HTTP API refuses, with the HTTP status to answer and a message for the caller.
 * {@link ApiRequestHandler} turns it into {@code {"error":"<message>"}}; nothing else writes errors.
 */
public final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final String allow;

    public ApiException(HttpResponseStatus status, String message) {
        this(status, message, null);
    }

    private ApiException(HttpResponseStatus status, String message, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpResponseStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpResponseStatus.NOT_FOUND, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, message);
    }

    /** 405, naming the one method the path accepts (sent as the Allow header). */
    public static ApiException methodNotAllowed(String method, String allowed) {
        return new ApiException(HttpResponseStatus.METHOD_NOT_ALLOWED,
                "Method " + method + " is not allowed here; use " + allowed, allowed);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The Allow header of a 405 answer, else null. */
    public String allow() {
        return allow;
    }
}
