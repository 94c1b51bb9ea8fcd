package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.swarm.SwarmReport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class TimelineRecorderTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void turnsCumulativeCountsIntoRatesOverEachInterval() {
        TimelineRecorder recorder = new TimelineRecorder("deliveries/s", "publish to delivery", 0);
        Histogram second = SwarmReport.emptyHistogram();
        for (long micros = 1; micros <= 100; micros++) {
            second.recordValue(micros);
        }

        recorder.record(SECOND, "warmup", 1000, 10, 5, null);
        recorder.record(SECOND * 3 / 2, "measure", 2000, 20, 5, second);

        var samples = recorder.timeline().samples();
        assertThat(samples).containsExactly(
                new TimelineSample(1.0, "warmup", 1000, 10, 5, 0, 0, 0, 0),
                new TimelineSample(1.5, "measure", 2000, 20, 5, 100, 50, 99, 100));
    }

    @Test
    void ignoresAnIntervalOfNoLength() {
        TimelineRecorder recorder = new TimelineRecorder("x/s", null, 0);

        recorder.record(SECOND, "a", 1, 0, 0, null);
        recorder.record(SECOND, "a", 2, 0, 0, null);

        assertThat(recorder.timeline().samples()).hasSize(1);
    }
}
