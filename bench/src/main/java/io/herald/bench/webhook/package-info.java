/**
 * The receiving end of the {@code webhooks} scenario: {@link io.herald.bench.webhook.WebhookReceiver}
 * answers Herald's webhook requests with 200 at once and hands each to
 * {@link io.herald.bench.webhook.WebhookTally}, which counts jobs, events, duplicates and lag. The
 * sending end, client events at a fixed rate, is {@link io.herald.bench.swarm.ClientEventSource}.
 * Depends on the bench's client classes only, never on the server.
 */
package io.herald.bench.webhook;
