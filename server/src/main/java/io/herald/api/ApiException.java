package io.herald.api;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request the HTTP API refuses, with the HTTP status to answer and a message for the caller.
 * {@link ApiRequestHandler} turns it into {@code {"error":"<message>"}}; nothing else writes errors.
 */
public final class ApiException extends RuntimeException {

    private final HttpResponseStatus status;
    private final String allow;
    private final long retryAfterSeconds;

    public ApiException(HttpResponseStatus status, String message) {
        this(status, message, null, 0);
    }

    private ApiException(HttpResponseStatus status, String message, String allow, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.allow = allow;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429 with the seconds the client should wait (Retry-After). */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, message, null, retryAfterSeconds);
    }

    /** Seconds for a Retry-After header, 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
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
                "Method " + method + " is not allowed here; use " + allowed, allowed, 0);
    }

    public HttpResponseStatus status() {
        return status;
    }

    /** The Allow header of a 405 answer, else null. */
    public String allow() {
        return allow;
    }
}
