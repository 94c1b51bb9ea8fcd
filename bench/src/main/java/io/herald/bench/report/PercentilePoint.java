package io.herald.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * One point of a latency distribution: {@code percentile} per cent of the latencies were at most
 * {@code micros}. The HTML report plots these on HdrHistogram's usual axis, where 90, 99, 99.9 ...
 * are equally spaced.
 */
public record PercentilePoint(double percentile, long micros) {

    /** HdrHistogram's percentile iteration steps: this many points per halving of the distance to 100 %. */
    private static final int TICKS_PER_HALF_DISTANCE = 5;

    /**
     * The distribution of {@code histogram}, from 0 % to 100 % (the maximum), empty for an empty
     * histogram. Percentiles are rounded to 4 decimals; the list is at most about a hundred points.
     */
    public static List<PercentilePoint> distribution(Histogram histogram) {
        List<PercentilePoint> points = new ArrayList<>();
        if (histogram == null || histogram.getTotalCount() == 0) {
            return points;
        }
        double lastPercentile = -1;
        for (HistogramIterationValue value : histogram.percentiles(TICKS_PER_HALF_DISTANCE)) {
            double percentile = Math.round(value.getPercentileLevelIteratedTo() * 10_000) / 10_000.0;
            if (percentile >= 100) {
                break;
            }
            if (percentile > lastPercentile) {
                points.add(new PercentilePoint(percentile, value.getValueIteratedTo()));
                lastPercentile = percentile;
            }
        }
        points.add(new PercentilePoint(100, histogram.getMaxValue()));
        return points;
    }
}
