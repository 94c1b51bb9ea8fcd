package io.herald.gateway;

/**
 * A refused subscription: reported to the channel as {@code pusher:subscription_error} with
 * {@code {type, error, status}} and as a Pusher-style {@code pusher:error} with a null code.
 */
final class SubscriptionError extends RuntimeException {

    static final String AUTH = "AuthError";
    static final String BAD_REQUEST = "BadRequest";
    static final String LIMIT = "LimitReached";
    static final String UNAVAILABLE = "ServiceUnavailable";

    final String type;
    final int status;

    SubscriptionError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    static SubscriptionError auth(String message) {
        return new SubscriptionError(AUTH, 401, message);
    }

    static SubscriptionError badRequest(String message) {
        return new SubscriptionError(BAD_REQUEST, 400, message);
    }

    static SubscriptionError limit(int code, String message) {
        return new SubscriptionError(LIMIT, code, message);
    }

    /** The cluster could not decide the subscription (its shared state is unreachable); the client may retry. */
    static SubscriptionError unavailable(String message) {
        return new SubscriptionError(UNAVAILABLE, 503, message);
    }
}
