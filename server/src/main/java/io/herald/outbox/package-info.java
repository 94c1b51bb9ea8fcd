/**
 * From detected webhook events to durable jobs: {@link io.herald.outbox.WebhookEmitter} is where the
 * node hands events over, {@link io.herald.outbox.WebhookOutbox} debounces, batches and enqueues
 * them on the {@link io.herald.webhook.WebhookQueue}, {@link io.herald.outbox.OutboxMetrics} counts
 * them. Knows the queue contract, never a queue driver, and nothing of connections or channels.
 */
package io.herald.outbox;
