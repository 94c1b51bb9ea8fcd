package io.herald.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Map;

/**
 * The result of one scenario run, printed as JSON. Sections a scenario does not measure are
 * null and left out; a new scenario adds its own section here.
 *
 * @param parameters the options the run was given, as given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "startedAt", "durationSeconds", "environment", "parameters", "connections", "server", "client",
        "fanout"})
public record BenchResult(
        String scenario,
        String startedAt,
        double durationSeconds,
        Environment environment,
        Map<String, Object> parameters,
        ConnectionsSection connections,
        ServerSection server,
        ClientCpu client,
        FanoutSection fanout) {

    /**
     * Where the client ran. The load averages (one minute, from /proc/loadavg) show whether other
     * work shared the machine: on a 2-core machine, a load well above what the run itself makes
     * (about 2 to 3 for client and server) means the figures are pessimistic.
     */
    public record Environment(int cores, String java, String clientTransport, int clientProcesses,
            double loadAverageAtStart, double loadAverageAtEnd) {}

    /**
     * @param failures connections that never subscribed, by cause
     * @param drops subscribed connections that ended before the bench closed them, by cause
     * @param connectSeconds from the first connection started to the last one subscribed
     * @param connectsPerSecond subscribed / connectSeconds
     */
    public record ConnectionsSection(int target, int subscribed, int failed, Map<String, Long> failures, int dropped,
            Map<String, Long> drops, double connectSeconds, double connectsPerSecond) {}

    /** The server process's memory at one moment; heap is null when it was not measured. */
    public record MemorySample(long rssBytes, Long heapUsedBytes) {}

    /**
     * What the server process cost, read from /proc and jcmd (only with --server-pid).
     *
     * @param baseline right before the first connection
     * @param loaded with every connection open (connections scenario)
     * @param cpuSeconds server user+system CPU over the measured phase
     * @param cpuMicrosPerDelivery cpuSeconds per measured delivery, in microseconds (fanout scenario)
     * @param runQueueWaitSeconds over the same phase, time the server's threads were runnable but
     *     waiting for a CPU (from /proc/PID/task/TID/schedstat): well above cpuSeconds means the
     *     machine, not the server, set the pace
     */
    public record ServerSection(long pid, long clockTicksPerSecond, MemorySample baseline, MemorySample loaded,
            Long rssPerConnectionBytes, Long heapPerConnectionBytes, Double cpuSeconds, Double cpuMicrosPerDelivery,
            Double runQueueWaitSeconds) {}

    /**
     * What the bench itself cost over the measured phase (publisher and every subscriber process):
     * on a machine it shares with the server, CPU the client takes is CPU the server lacks.
     */
    public record ClientCpu(double cpuSeconds, Double cpuMicrosPerDelivery) {}

    /**
     * The measured phase of a fan-out run (warm-up excluded).
     *
     * @param measuredSeconds how long measured events were published
     * @param deliverySeconds from the first measured publish to the last measured delivery seen
     *     (at least measuredSeconds): longer when subscribers fell behind
     * @param deliveriesPerSecond receivedDeliveries / deliverySeconds
     * @param expectedDeliveries per channel, accepted events times subscribers, summed
     * @param lostDeliveries expected minus received (never negative; see receivedDeliveries)
     * @param outOfOrder deliveries whose seq was not above the previous one on the same connection;
     *     concurrent API calls may be applied in any order, so this is not a fault by itself
     * @param latencyMicros from the publisher's send to the subscriber's read of the frame
     * @param apiResponseMicros from the publisher's send to the HTTP response
     */
    public record FanoutSection(double measuredSeconds, double deliverySeconds, long publishRequests, long publishRequestsAccepted,
            long publishRequestsSkipped, Map<String, Long> publishFailures, String firstRejection, long eventsAccepted,
            double attemptedDeliveriesPerSecond, long expectedDeliveries, long receivedDeliveries, long lostDeliveries,
            double lossRatio, double deliveriesPerSecond, long outOfOrder, LatencySummary latencyMicros,
            LatencySummary apiResponseMicros) {}
}
