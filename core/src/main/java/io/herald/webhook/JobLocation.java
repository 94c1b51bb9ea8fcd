package io.herald.webhook;

/**
 * Where a job is in a {@link WebhookQueue}: still queued (ready, delayed or leased) or among the
 * dead letters, with its failed requests and the last error. A job the queue no longer holds was
 * delivered (or never existed).
 */
public record JobLocation(String id, State state, int attempts, String lastError) {

    public enum State {
        /** Waiting for a sender or being sent: ready, delayed (a retry or a deferral) or leased. */
        QUEUED,
        /** Among the dead letters. */
        DEAD
    }
}
