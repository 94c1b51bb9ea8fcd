package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class SwarmReportTest {

    private static SwarmReport report(int subscribed, Map<String, Long> failures, int[] perChannel, double connectSeconds,
            long... latencies) {
        Histogram histogram = SwarmReport.emptyHistogram();
        for (long latency : latencies) {
            histogram.recordValue(latency);
        }
        SwarmStatus status = new SwarmStatus(subscribed + 1, subscribed + 1, 0, subscribed, 1, 0, latencies.length, 3, 0, 7);
        return new SwarmReport(status, failures, Map.of(), perChannel, new long[perChannel.length], 1, 2, 3, 1, connectSeconds,
                SwarmReport.encode(histogram));
    }

    @Test
    void mergesReportsOfSeveralProcesses() {
        SwarmReport a = report(2, Map.of("connect refused", 1L), new int[] {1, 1}, 2.5, 100, 200);
        SwarmReport b = report(3, Map.of("connect refused", 1L), new int[] {2, 1}, 4.0, 300, 400, 500);

        SwarmReport merged = SwarmReport.merge(List.of(a, b));

        assertThat(merged.status().subscribed()).isEqualTo(5);
        assertThat(merged.status().failed()).isEqualTo(2);
        assertThat(merged.status().measuredDeliveries()).isEqualTo(5);
        assertThat(merged.status().cpuTicks()).isEqualTo(14);
        assertThat(merged.failures()).containsExactly(Map.entry("connect refused", 2L));
        assertThat(merged.subscribedPerChannel()).containsExactly(3, 2);
        assertThat(merged.outOfOrder()).isEqualTo(2);
        assertThat(merged.connectSeconds()).isEqualTo(4.0);
        Histogram latency = merged.latency();
        assertThat(latency.getTotalCount()).isEqualTo(5);
        assertThat(latency.getValueAtPercentile(50)).isEqualTo(300);
        assertThat(latency.getMaxValue()).isEqualTo(500);
    }

    @Test
    void travelsFromAWorkerAsOneJsonLine() throws Exception {
        SwarmReport original = report(2, Map.of("connect timeout", 4L), new int[] {2}, 1.5, 10, 20);

        String line = new WorkerLine(null, original, null).toJson();
        SwarmReport back = WorkerLine.parse(line).report();

        assertThat(line).doesNotContain("\n");
        assertThat(back.status()).isEqualTo(original.status());
        assertThat(back.failures()).isEqualTo(original.failures());
        assertThat(back.latency()).isEqualTo(original.latency());
        assertThat(WorkerLine.parse(line).status()).isNull();
    }
}
