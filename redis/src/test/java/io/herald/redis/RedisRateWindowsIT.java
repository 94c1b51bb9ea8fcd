package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.config.ClusterConfig;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared per-second counts of rate limits on a real Redis: two nodes' counters, one script call each. */
class RedisRateWindowsIT {

    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private static RedisRateWindows windows() {
        return new RedisRateWindows(new ClusterConfig.Redis(REDIS.get().url(), "rate-test"));
    }

    private static boolean add(RedisRateWindows windows, String name, long second, int amount, int limit) {
        return windows.tryAdd(name, second, amount, limit).toCompletableFuture().join();
    }

    @Test
    void acceptsUpToTheLimitPerWindowAcrossCountersAndNeverCountsARefusal() {
        try (RedisRateWindows a = windows(); RedisRateWindows b = windows()) {
            List<CompletableFuture<Boolean>> calls = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                calls.add((i % 2 == 0 ? a : b).tryAdd("app:events", 100, 3, 40).toCompletableFuture());
            }
            long accepted = calls.stream().filter(CompletableFuture::join).count();

            assertThat(accepted * 3).as("13 calls of 3 fit 40").isEqualTo(39);
            assertThat(add(a, "app:events", 100, 1, 40)).as("the refusals took nothing: one more fits").isTrue();
            assertThat(add(b, "app:events", 100, 1, 40)).isFalse();
            assertThat(add(b, "app:events", 101, 40, 40)).as("the next second is a window of its own").isTrue();
            assertThat(add(b, "app:reads", 100, 40, 40)).as("and each name").isTrue();
        }
    }

    @Test
    void letsAWindowGoAfterTwoSeconds() {
        try (RedisRateWindows a = windows(); RedisAdmin admin = RedisAdmin.connect(REDIS.get().url())) {
            add(a, "gone:events", 7, 1, 10);

            assertThat(admin.connection().sync().pttl("rate-test:rate:gone:events:7")).isBetween(1L, 2_000L);
        }
    }

    @Test
    void failsTheCallWhenRedisIsDown() {
        try (RedisRateWindows a = windows()) {
            REDIS.get().kill();
            try {
                assertThatThrownBy(() -> add(a, "down:events", 1, 1, 10)).hasMessageContaining("Redis");
            } finally {
                REDIS.get().restart();
            }
        }
    }
}
