package io.herald.bench.report;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram, in microseconds. HdrHistogram reports a value equivalent
 * to the recorded one within its precision (three significant digits here), so a percentile of
 * 1,234 µs means 1,234 ± 1 µs.
 */
public record LatencySummary(long count, double mean, long p50, long p90, long p99, long p999, long max) {

    public static LatencySummary of(Histogram histogram) {
        if (histogram.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(
                histogram.getTotalCount(),
                Math.round(histogram.getMean() * 10) / 10.0,
                histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90),
                histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9),
                histogram.getMaxValue());
    }
}
