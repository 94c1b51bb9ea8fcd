package io.herald.redis;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.WebhooksConfig;
import io.herald.testkit.base.NetworkedWebhookQueueContract;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.ServerProcess;
import io.herald.webhook.WebhookQueue;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisWebhookQueueIT extends NetworkedWebhookQueueContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private String prefix;

    @Override
    protected WebhookQueue newQueue() {
        prefix = "t" + PREFIXES.incrementAndGet();
        return reopen();
    }

    @Override
    protected WebhookQueue reopen() {
        return new RedisWebhookQueue(new WebhooksConfig.RedisQueue(REDIS.get().url(), prefix), TIMEOUT, System::currentTimeMillis);
    }

    @Test
    void keepsEveryKeyUnderItsPrefix() {
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.flushall();
            WebhookQueue prefixed = track(reopen());
            prefixed.enqueue(jobs("k", 2));
            prefixed.retry(leaseUntil(prefixed, FIRST, 1, 1).getFirst(), Duration.ofMinutes(5), "HTTP 500");
            prefixed.deadLetter(leaseUntil(prefixed, FIRST, 1, 1).getFirst(), "gone");

            assertThat(admin.keys("*")).hasSize(6).allSatisfy(key -> assertThat(key).startsWith(prefix + ":webhooks:"));
        }
    }

    @Test
    void survivesARedisRestart() {
        survivesARestartWithItsData();
    }

    @Test
    void recreatesItsGroupsAfterARestartWithoutPersistence() {
        survivesARestartWithoutItsData();
    }

    @Test
    void recreatesItsGroupsAfterFlushall() {
        survivesItsStoreBeingWiped();
    }

    @Override
    protected ServerProcess server() {
        return REDIS.get();
    }

    @Override
    protected void wipeStore() {
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.flushall();
        }
    }
}
