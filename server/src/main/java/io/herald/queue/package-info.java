/**
 * The embedded webhook queue driver: {@link io.herald.queue.SqliteWebhookQueue}, the default for a
 * single node. The networked drivers live in their own modules (io.herald.redis, io.herald.nats);
 * all of them pass io.herald.testkit.base.WebhookQueueContract.
 */
package io.herald.queue;
