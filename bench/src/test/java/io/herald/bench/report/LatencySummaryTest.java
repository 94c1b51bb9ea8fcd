package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.swarm.SwarmReport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void readsPercentilesOfAUniformSpread() {
        Histogram histogram = SwarmReport.emptyHistogram();
        for (long micros = 1; micros <= 1000; micros++) {
            histogram.recordValue(micros);
        }

        LatencySummary summary = LatencySummary.of(histogram);

        assertThat(summary).isEqualTo(new LatencySummary(1000, 500.5, 500, 900, 990, 999, 1000));
    }

    @Test
    void keepsThreeSignificantDigitsOfLargeValues() {
        Histogram histogram = SwarmReport.emptyHistogram();
        histogram.recordValue(1_234_567);

        LatencySummary summary = LatencySummary.of(histogram);

        assertThat(summary.max()).isBetween(1_233_000L, 1_236_000L);
        assertThat(summary.p50()).isEqualTo(summary.max());
    }

    @Test
    void reportsZerosForAnEmptyHistogram() {
        assertThat(LatencySummary.of(SwarmReport.emptyHistogram())).isEqualTo(new LatencySummary(0, 0, 0, 0, 0, 0, 0));
    }
}
