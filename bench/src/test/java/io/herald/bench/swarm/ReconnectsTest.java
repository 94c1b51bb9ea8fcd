package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ReconnectsTest {

    private static Reconnects part(long told, long resubscribed, long... micros) {
        Histogram times = SwarmReport.emptyHistogram();
        for (long value : micros) {
            times.recordValue(value);
        }
        return new Reconnects(told, resubscribed, Map.of("refused", 1L), 0, 3, SwarmReport.encode(times));
    }

    @Test
    void mergesTheProcessesCountsAndTimes() {
        Reconnects merged = Reconnects.merge(List.of(part(2, 2, 1_000, 2_000), part(1, 1, 90_000)));

        assertThat(merged.told()).isEqualTo(3);
        assertThat(merged.resubscribed()).isEqualTo(3);
        assertThat(merged.missedEvents()).isEqualTo(6);
        assertThat(merged.attemptsFailed()).containsEntry("refused", 2L);
        Histogram times = merged.resubscribeMicros();
        assertThat(times.getTotalCount()).isEqualTo(3);
        assertThat(times.valuesAreEquivalent(times.getMaxValue(), 90_000)).isTrue();
    }

    @Test
    void theNodesToReconnectToReachAForkedWorker() throws Exception {
        SwarmSpec spec = new SwarmSpec(URI.create("ws://127.0.0.1:6001/app/k"), 10, 0, 1, "bench-", 100, 10, 1000, List.of(),
                1, 60, List.of(URI.create("ws://127.0.0.1:6001/app/k"), URI.create("ws://127.0.0.1:6002/app/k")));

        SwarmSpec read = WorkerLine.parseSpec(WorkerLine.specJson(spec));

        assertThat(read.reconnectUrls()).isEqualTo(spec.reconnectUrls());
        assertThat(read.part(1, 2).reconnectUrls()).isEqualTo(spec.reconnectUrls());
    }
}
