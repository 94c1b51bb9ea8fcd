package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each node's share of a limit: the limit over the nodes, rounded up, refilled continuously. */
class LocalRateCountsTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger nodes = new AtomicInteger(1);
    private final LocalRateCounts counts = new LocalRateCounts(nanos::get, nodes::get);

    @Test
    void takesTheWholeLimitAloneAndItsShareInACluster() {
        assertThat(counts.share(100)).isEqualTo(100);
        nodes.set(3);
        assertThat(counts.share(100)).as("rounded up").isEqualTo(34);
        assertThat(counts.share(2)).as("never nothing").isEqualTo(1);
    }

    @Test
    void refillsAtTheSharePerSecond() {
        nodes.set(2);
        assertThat(counts.takeNow("a", 10, 5)).isZero();
        assertThat(counts.takeNow("a", 10, 1)).isEqualTo(1);

        nanos.addAndGet(200_000_000);
        assertThat(counts.takeNow("a", 10, 1)).as("a fifth of a second: one of five").isZero();
        assertThat(counts.takeNow("b", 10, 5)).as("each name its own").isZero();
    }
}
