package io.herald.cli;

import io.herald.config.WebhooksConfig;
import io.herald.nats.NatsWebhookQueue;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.redis.RedisWebhookQueue;
import io.herald.webhook.WebhookQueue;
import java.nio.file.Path;

/** Opens the webhook queue a configuration names, for the commands that work on it. */
final class ConfiguredWebhookQueue {

    private ConfiguredWebhookQueue() {}

    static WebhookQueue open(WebhooksConfig webhooks) {
        return switch (webhooks.queue()) {
            case SQLITE -> new SqliteWebhookQueue(Path.of(webhooks.dataDir()));
            case REDIS -> new RedisWebhookQueue(webhooks.redis());
            case NATS -> new NatsWebhookQueue(webhooks.nats());
        };
    }
}
