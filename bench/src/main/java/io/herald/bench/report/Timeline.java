package io.herald.bench.report;

import java.util.List;

/**
 * A run second by second: what the charts of the HTML report are drawn from.
 *
 * @param throughputUnit what {@link TimelineSample#perSecond()} counts, such as {@code deliveries/s}
 * @param latencyOf what the latencies measure, such as {@code publish to delivery}; null when the
 *     scenario measures no latency
 */
public record Timeline(String throughputUnit, String latencyOf, List<TimelineSample> samples) {

    public Timeline {
        samples = List.copyOf(samples);
    }
}
