package io.herald.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The result of one scenario run, printed as JSON. Sections a scenario does not measure are
 * null and left out; a new scenario adds its own section here.
 *
 * @param parameters the options the run was given, as given
 * @param timeline the run second by second, for the HTML report's charts
 * @param latencyDistribution the measured latencies (deliveries, or presence propagation) from 0 % to
 *     the maximum, for the HTML report's percentile plot; empty when the scenario measures none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "startedAt", "durationSeconds", "environment", "parameters", "connections", "server", "client",
        "fanout", "presence", "latencyDistribution", "timeline"})
public record BenchResult(
        String scenario,
        String startedAt,
        double durationSeconds,
        Environment environment,
        Map<String, Object> parameters,
        ConnectionsSection connections,
        ServerSection server,
        ClientCpu client,
        FanoutSection fanout,
        PresenceSection presence,
        List<PercentilePoint> latencyDistribution,
        Timeline timeline) {

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
     * @param eventsAcceptedPerSecond eventsAccepted / measuredSeconds: the publish API's throughput
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
            double eventsAcceptedPerSecond,            double attemptedDeliveriesPerSecond, long expectedDeliveries, long receivedDeliveries, long lostDeliveries,
            double lossRatio, double deliveriesPerSecond, long outOfOrder, LatencySummary latencyMicros,
            LatencySummary apiResponseMicros) {}

    /**
     * The measured phase of a presence run (warm-up excluded): members joining and leaving presence
     * channels, observers on each channel receiving {@code pusher_internal:member_added} and
     * {@code member_removed}.
     *
     * @param observers observer connections subscribed (each a member of its channel too)
     * @param membersReady member connections established and ready to join
     * @param joinsAccepted measured joins the node answered with subscription_succeeded
     * @param joinFailures measured joins that failed, by cause
     * @param leavesSent measured leaves (pusher:unsubscribe) of joined members
     * @param actionsSkipped due actions not sent because the member's previous join was still unanswered
     * @param expectedEvents per channel, (joinsAccepted + leavesSent) times observers, summed
     * @param memberAddedReceived member_added events observers received for measured joins
     * @param memberRemovedReceived member_removed events observers received for measured leaves
     * @param lostEvents expected minus received, never negative
     * @param eventsPerSecond received / deliverySeconds
     * @param propagationMicros from the member's join or leave to an observer's read of the event, both kinds
     * @param memberAddedMicros the same, joins only
     * @param memberRemovedMicros the same, leaves only
     * @param joinAckMicros from the member's subscribe to its own subscription_succeeded
     */
    public record PresenceSection(double measuredSeconds, double deliverySeconds, int channels, int observers,
            int membersReady, double attemptedActionsPerSecond, long joinsSent, long joinsAccepted,
            Map<String, Long> joinFailures, long leavesSent, long actionsSkipped, long expectedEvents,
            long memberAddedReceived, long memberRemovedReceived, long lostEvents, double lossRatio, double eventsPerSecond,
            LatencySummary propagationMicros, LatencySummary memberAddedMicros, LatencySummary memberRemovedMicros,
            LatencySummary joinAckMicros) {}
}
