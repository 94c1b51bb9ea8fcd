package io.herald.bench.report;

/**
 * One interval (about a second) of a run, for the charts of the HTML report.
 *
 * @param t seconds from the start of the run to the end of this interval
 * @param phase the scenario's phase during the interval ({@code connect}, {@code warmup}, {@code measure}, ...)
 * @param perSecond the scenario's throughput over the interval (what it counts is the timeline's {@code throughputUnit})
 * @param publishedPerSecond events the node accepted through the HTTP API over the interval, 0 when nothing is published
 * @param open connections open (subscribed or joined, as the scenario counts them) at the end of the interval
 * @param latencyCount latencies recorded in the interval; the percentiles are 0 when it is 0
 * @param p50Micros median latency of the interval
 * @param p99Micros 99th percentile of the interval
 * @param maxMicros largest latency of the interval
 */
public record TimelineSample(double t, String phase, double perSecond, double publishedPerSecond, long open, long latencyCount,
        long p50Micros, long p99Micros, long maxMicros) {}
