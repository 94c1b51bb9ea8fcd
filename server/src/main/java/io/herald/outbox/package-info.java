/**
 * From detected webhook events to durable jobs: {@link io.herald.outbox.WebhookEmitter} is where the
 * node hands events over, {@link io.herald.outbox.WebhookOutbox} writes them at once to the
 * {@link io.herald.webhook.WebhookQueue} in group commits ({@link io.herald.outbox.CommitGroup}
 * batches one write's events and turns debounced ones into delayed, cancellable jobs),
 * {@link io.herald.outbox.OutboxMetrics} counts them. Start with WebhookOutbox. Knows the queue contract, never a queue driver, and nothing of connections or channels.
 */
package io.herald.outbox;
