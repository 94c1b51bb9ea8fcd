package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cluster.SharedRateWindows;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Counting across the cluster, and counting the node's share when the shared count fails. */
class SharedRateCountsTest {

    /** Windows kept in this process, as the Redis script keeps them; {@code down} fails every call. */
    private static final class Windows implements SharedRateWindows {
        final Map<String, Integer> counts = new HashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean down;

        @Override
        public synchronized CompletionStage<Boolean> tryAdd(String name, long epochSecond, int amount, int limit) {
            calls.incrementAndGet();
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("connection refused"));
            }
            String key = name + ":" + epochSecond;
            int count = counts.getOrDefault(key, 0) + amount;
            if (count > limit) {
                return CompletableFuture.completedFuture(false);
            }
            counts.put(key, count);
            return CompletableFuture.completedFuture(true);
        }

        @Override
        public String describe() {
            return "test windows";
        }

        @Override
        public void close() {}
    }

    private final Windows windows = new Windows();
    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);
    private final AtomicLong nanos = new AtomicLong();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SharedRateCounts counts = new SharedRateCounts(windows,
            new LocalRateCounts(nanos::get, () -> 4), millis::get, registry);

    private long take(int wanted) {
        return counts.take("app:events", 10, wanted).toCompletableFuture().join();
    }

    @Test
    void acceptsUpToTheLimitInEachSecondThenAsksToRetryInOne() {
        assertThat(take(6)).isZero();
        assertThat(take(4)).isZero();
        assertThat(take(1)).as("the window is full").isEqualTo(1);

        millis.addAndGet(1_000);
        assertThat(take(10)).as("a new window").isZero();
        assertThat(take(11)).as("more than the limit never fits").isEqualTo(1);
        assertThat(windows.calls).as("and costs no round trip").hasValue(3 + 1);
    }

    @Test
    void countsTheNodesShareWhileTheSharedCountFailsThenGoesBack() {
        windows.down = true;

        assertThat(take(3)).as("share of 10 over 4 nodes: 3").isZero();
        assertThat(take(1)).isEqualTo(1);
        assertThat(windows.calls).as("asked once, then left alone for a second").hasValue(1);
        assertThat(registry.get("herald_api_rate_limit_fallbacks").counter().count()).isEqualTo(2);

        windows.down = false;
        assertThat(take(1)).as("still within the pause: the share, now empty").isEqualTo(1);
    }
}
