package io.herald.outbox;

import io.herald.webhook.WebhookEventType;

/** What the outbox reports; implemented over the node's Prometheus registry. */
public interface OutboxMetrics {

    void detected(String appId, WebhookEventType type);

    /** Events dropped in pairs by the debounce (vacated+occupied, removed+added). */
    void suppressed(String appId, int events);

    void enqueued(int jobs);

    void enqueueFailed();

    /** Jobs lost because the queue refused them for too long (memory bound reached). */
    void dropped();
}
