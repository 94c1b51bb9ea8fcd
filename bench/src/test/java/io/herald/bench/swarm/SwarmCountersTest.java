package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.client.BenchPayload.Delivery;
import io.herald.bench.client.SequenceTracker;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SwarmCountersTest {

    private final SwarmCounters counters = new SwarmCounters(2);

    private static Delivery measured(long seq, long scheduledMicros) {
        Delivery delivery = new Delivery();
        delivery.measured = true;
        delivery.seq = seq;
        delivery.sentMicros = scheduledMicros;
        return delivery;
    }

    @Test
    void latencyRunsFromThePublishsScheduledTime() {
        SequenceTracker subscriber = new SequenceTracker();

        counters.delivered(measured(0, 1_000_000), 1_000_250, 0, subscriber);
        counters.delivered(measured(1, 1_001_000), 1_051_000, 0, subscriber);

        Histogram latency = counters.takeLatency();
        assertThat(latency.getMinValue()).isEqualTo(250);
        assertThat(latency.valuesAreEquivalent(latency.getMaxValue(), 50_000)).isTrue();
    }

    @Test
    void countsDuplicatesApartAndLeavesThemOutOfDeliveriesAndLatency() {
        SequenceTracker subscriber = new SequenceTracker();

        counters.delivered(measured(0, 100), 200, 1, subscriber);
        counters.delivered(measured(0, 100), 90_000, 1, subscriber);

        assertThat(counters.duplicates()).isEqualTo(1);
        assertThat(counters.measuredDeliveries()).isEqualTo(1);
        assertThat(counters.receivedPerChannel()).containsExactly(0, 1);
        assertThat(counters.takeLatency().getTotalCount()).isEqualTo(1);
    }

    @Test
    void sumsGapsOverSubscribersAndCountsThoseWithAny() {
        SequenceTracker first = new SequenceTracker();
        SequenceTracker second = new SequenceTracker();

        counters.delivered(measured(0, 0), 1, 0, first);
        counters.delivered(measured(3, 0), 1, 0, first);
        counters.delivered(measured(0, 0), 1, 0, second);
        counters.delivered(measured(1, 0), 1, 0, second);

        assertThat(counters.gaps()).isEqualTo(2);
        assertThat(counters.subscribersWithGaps()).isEqualTo(1);

        counters.delivered(measured(1, 0), 1, 0, first);
        counters.delivered(measured(2, 0), 1, 0, first);

        assertThat(counters.gaps()).isZero();
        assertThat(counters.subscribersWithGaps()).isZero();
        assertThat(counters.outOfOrder()).isEqualTo(2);
    }

    @Test
    void warmUpDeliveriesAreCountedButNotTracked() {
        SequenceTracker subscriber = new SequenceTracker();
        Delivery warmup = measured(0, 0);
        warmup.measured = false;

        counters.delivered(warmup, 1, 0, subscriber);

        assertThat(counters.warmupDeliveries()).isEqualTo(1);
        assertThat(subscriber.distinct()).isZero();
    }
}
