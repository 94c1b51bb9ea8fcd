package io.herald.api;

/**
 * The cluster's shared state could not answer (its store is unreachable or too slow): the HTTP API
 * answers 503 so the caller retries rather than acting on a partial answer.
 */
public final class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
