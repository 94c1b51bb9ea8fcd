package io.herald.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Collects a {@link Timeline} while a scenario runs: each call to {@link #record} closes one
 * interval, turning cumulative counts into rates over the interval's actual length and reading
 * the percentiles of the latencies recorded in it.
 */
public final class TimelineRecorder {

    private final String throughputUnit;
    private final String latencyOf;
    private final long startNanos;
    private final List<TimelineSample> samples = new ArrayList<>();
    private long lastNanos;
    private long lastCount;
    private long lastPublished;

    public TimelineRecorder(String throughputUnit, String latencyOf) {
        this(throughputUnit, latencyOf, System.nanoTime());
    }

    /** A recorder whose time 0 is {@code startNanos} (a {@link System#nanoTime()} reading). */
    public TimelineRecorder(String throughputUnit, String latencyOf, long startNanos) {
        this.throughputUnit = throughputUnit;
        this.latencyOf = latencyOf;
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /**
     * Closes the interval that ends now.
     *
     * @param count the throughput's cumulative count so far
     * @param published events accepted by the node's API so far (0 when nothing is published)
     * @param open connections open now
     * @param latencies the latencies recorded during the interval only (may be null)
     */
    public void record(String phase, long count, long published, long open, Histogram latencies) {
        record(System.nanoTime(), phase, count, published, open, latencies);
    }

    /** As {@link #record(String, long, long, long, Histogram)}, with the interval ending at {@code nowNanos}. */
    public synchronized void record(long nowNanos, String phase, long count, long published, long open, Histogram latencies) {
        double seconds = (nowNanos - lastNanos) / 1e9;
        if (seconds <= 0) {
            return;
        }
        double perSecond = (count - lastCount) / seconds;
        double publishedPerSecond = (published - lastPublished) / seconds;
        boolean anyLatency = latencies != null && latencies.getTotalCount() > 0;
        samples.add(new TimelineSample(round((nowNanos - startNanos) / 1e9, 3), phase, round(perSecond, 1),
                round(publishedPerSecond, 1), open, anyLatency ? latencies.getTotalCount() : 0,
                anyLatency ? latencies.getValueAtPercentile(50) : 0, anyLatency ? latencies.getValueAtPercentile(99) : 0,
                anyLatency ? latencies.getMaxValue() : 0));
        lastNanos = nowNanos;
        lastCount = count;
        lastPublished = published;
    }

    public synchronized Timeline timeline() {
        return new Timeline(throughputUnit, latencyOf, samples);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
