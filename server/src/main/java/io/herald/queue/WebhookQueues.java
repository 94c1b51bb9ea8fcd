package io.herald.queue;

import io.herald.config.WebhooksConfig;
import io.herald.nats.NatsWebhookQueue;
import io.herald.redis.RedisWebhookQueue;
import io.herald.webhook.WebhookQueue;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the webhook queue the configuration names: one switch, one driver per file. */
public final class WebhookQueues {

    private WebhookQueues() {}

    public static WebhookQueue open(WebhooksConfig config) {
        try {
            return switch (config.queue()) {
                case SQLITE -> new SqliteWebhookQueue(Path.of(config.dataDir()));
                case REDIS -> new RedisWebhookQueue(config.redis());
                case NATS -> new NatsWebhookQueue(config.nats());
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException("webhook queue (" + config.queue().name().toLowerCase(Locale.ROOT)
                    + "): cannot open: " + e.getMessage(), e);
        }
    }
}
