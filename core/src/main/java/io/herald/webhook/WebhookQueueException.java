package io.herald.webhook;

/**
 * The queue's backing store failed (unreachable, full, corrupt, or no answer in time). Usually the
 * operation did not happen, but with a networked driver (Redis, NATS) a call whose reply was lost
 * may still have taken effect on the server: an enqueue may have stored the jobs, a retry or
 * complete may have moved the job. Callers retry; because job ids are stable, a job stored or
 * delivered twice this way reaches receivers as a duplicate they drop by id.
 */
public final class WebhookQueueException extends RuntimeException {

    public WebhookQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
