package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.RedisMode;
import io.herald.config.WebhooksConfig;
import io.herald.testkit.base.RedisClusterServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.WebhookQueueContract;
import io.herald.webhook.WebhookQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook queue contract on a real Redis Cluster (3 primaries, 3 replicas). */
class RedisWebhookQueueOnClusterIT extends WebhookQueueContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisClusterServer> REDIS = new ServerPerClass<>(RedisClusterServer::start);

    private String prefix;

    @Override
    protected WebhookQueue newQueue() {
        prefix = "t" + PREFIXES.incrementAndGet();
        return reopen();
    }

    @Override
    protected WebhookQueue reopen() {
        return new RedisWebhookQueue(new WebhooksConfig.RedisQueue(REDIS.get().seeds(), prefix, RedisMode.CLUSTER), TIMEOUT,
                System::currentTimeMillis);
    }

    @Test
    void putsEveryKeyUnderOneHashTag() {
        assertThat(RedisKeys.of(prefix, true).lane(WebhookQueue.Lane.FIRST)).isEqualTo("{" + prefix + "}:webhooks:first");
        assertThat(RedisKeys.of("{shared}", true).prefix()).isEqualTo("{shared}");
    }
}
