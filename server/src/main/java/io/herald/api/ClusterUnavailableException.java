package io.herald.api;

/**
 * The cluster's shared state could not answer (its store is unreachable, too slow, or recovering
 * from a loss of its data): the HTTP API answers 503 with a Retry-After so the caller retries
 * rather than acting on a partial answer.
 */
public final class ClusterUnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public ClusterUnavailableException(String message, Throwable cause, int retryAfterSeconds) {
        super(message, cause);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** When to ask again, in whole seconds (at least 1). */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
