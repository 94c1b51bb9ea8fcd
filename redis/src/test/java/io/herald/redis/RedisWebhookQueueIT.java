package io.herald.redis;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static io.herald.webhook.WebhookQueue.Lane.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.WebhooksConfig;
import io.herald.testkit.RedisServer;
import io.herald.testkit.WebhookQueueContract;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisWebhookQueueIT extends WebhookQueueContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer redis;

    private String prefix;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Override
    protected WebhookQueue newQueue() {
        prefix = "t" + PREFIXES.incrementAndGet();
        return reopen();
    }

    @Override
    protected WebhookQueue reopen() {
        return new RedisWebhookQueue(new WebhooksConfig.RedisQueue(redis.url(), prefix), TIMEOUT, System::currentTimeMillis);
    }

    @Test
    void keepsEveryKeyUnderItsPrefix() {
        try (var admin = RedisAdmin.connect(redis.url())) {
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
        queue.enqueue(jobs("before", 2));

        redis.kill();
        assertFailsPromptly(() -> queue.enqueue(jobs("during", 1)));
        assertFailsPromptly(() -> queue.lease(FIRST, 10, LONG_LEASE));
        assertFailsPromptly(() -> queue.stats());
        redis.restart();
        awaitCondition(() -> succeeds(queue::stats));

        List<LeasedJob> kept = leaseUntil(queue, FIRST, 10, 2);
        assertThat(ids(kept)).containsExactlyInAnyOrder("before-0", "before-1");
        kept.forEach(queue::complete);
        queue.enqueue(jobs("after", 1));
        assertThat(ids(leaseUntil(queue, FIRST, 10, 1))).containsExactly("after-0");
    }

    @Test
    void recreatesItsGroupsAfterARestartWithoutPersistence() {
        queue.enqueue(jobs("lost", 1));

        redis.restartEmpty();

        awaitCondition(() -> succeeds(() -> queue.enqueue(jobs("fresh", 1))));
        assertThat(ids(leaseUntil(queue, FIRST, 10, 1))).containsExactly("fresh-0");
        assertRetryLaneWorks();
    }

    @Test
    void recreatesItsGroupsAfterFlushall() {
        queue.enqueue(jobs("flushed", 1));
        queue.lease(FIRST, 10, LONG_LEASE);

        try (var admin = RedisAdmin.connect(redis.url())) {
            admin.flushall();
        }

        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        queue.enqueue(jobs("fresh", 1));
        assertThat(ids(leaseUntil(queue, FIRST, 10, 1))).containsExactly("fresh-0");
        assertRetryLaneWorks();
        assertThat(queue.stats().ready()).isZero();
    }

    private void assertRetryLaneWorks() {
        queue.enqueue(jobs("again", 1));
        queue.retry(leaseUntil(queue, FIRST, 10, 1).getFirst(), Duration.ZERO, "HTTP 500");
        assertThat(leaseUntil(queue, RETRY, 10, 1).getFirst().attempts()).isEqualTo(1);
    }
}
