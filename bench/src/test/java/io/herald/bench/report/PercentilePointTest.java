package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.swarm.SwarmReport;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class PercentilePointTest {

    @Test
    void followsTheDistributionFromZeroToTheMaximum() {
        Histogram histogram = SwarmReport.emptyHistogram();
        for (long micros = 1; micros <= 1000; micros++) {
            histogram.recordValue(micros);
        }

        List<PercentilePoint> points = PercentilePoint.distribution(histogram);

        assertThat(points.get(0).percentile()).isZero();
        assertThat(points.get(points.size() - 1)).isEqualTo(new PercentilePoint(100, 1000));
        assertThat(points).isSortedAccordingTo((a, b) -> Double.compare(a.percentile(), b.percentile()));
        assertThat(points).isSortedAccordingTo((a, b) -> Long.compare(a.micros(), b.micros()));
        assertThat(points).filteredOn(p -> p.percentile() == 50).singleElement()
                .extracting(PercentilePoint::micros).isEqualTo(500L);
        assertThat(points).filteredOn(p -> p.percentile() == 90).singleElement()
                .extracting(PercentilePoint::micros).isEqualTo(900L);
        assertThat(points).hasSizeLessThan(120);
    }

    @Test
    void isEmptyForNoLatencies() {
        assertThat(PercentilePoint.distribution(SwarmReport.emptyHistogram())).isEmpty();
        assertThat(PercentilePoint.distribution(null)).isEmpty();
    }
}
