package io.herald.webhook;

/** The queue's backing store failed (unreachable, full, corrupt); the operation did not happen. */
public final class WebhookQueueException extends RuntimeException {

    public WebhookQueueException(String message, Throwable cause) {
        super(message, cause);
    }
}
