/**
 * Webhooks as data: the events of PROTOCOL.md section 6, the jobs that carry them, and the
 * {@link io.herald.webhook.WebhookQueue} contract every durable queue driver meets.
 */
package io.herald.webhook;
