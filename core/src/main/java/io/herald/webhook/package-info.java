/**
 * Webhooks as data: the events of docs/webhooks.md, the jobs that carry them, and the
 * {@link io.herald.webhook.WebhookQueue} contract every durable queue driver meets.
 */
package io.herald.webhook;
