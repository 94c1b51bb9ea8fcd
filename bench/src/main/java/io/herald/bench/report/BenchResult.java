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
 * @param sender a separate {@code herald sender} process, measured like the server (webhooks scenario)
 * @param timeline the run second by second, for the HTML report's charts
 * @param latencyDistribution the measured latencies (deliveries, or presence propagation) from 0 % to
 *     the maximum, for the HTML report's percentile plot; empty when the scenario measures none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"scenario", "startedAt", "durationSeconds", "environment", "parameters", "connections", "server", "sender",
        "client", "fanout", "webhooks", "presence", "latencyDistribution", "timeline"})
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
        ServerSection sender,
        WebhooksSection webhooks,
        PresenceSection presence,
        List<PercentilePoint> latencyDistribution,
        Timeline timeline) {

    /**
     * Where the client ran, and what it measured. The load averages (one minute, from /proc/loadavg)
     * show whether other work shared the machine: on a 2-core machine, a load well above what the
     * run itself makes (about 2 to 3 for client and server) means the figures are pessimistic.
     *
     * @param loadAverages the machine's 1, 5 and 15 minute load averages at the start, as /proc/loadavg gives them
     * @param nodeCommit the commit the measured node's jar was built from (with --server-pid), "-dirty" when
     *     its tree had changes; null when unknown
     * @param nodeJvmFlags the measured node's JVM flags, read from /proc/PID/cmdline (with --server-pid)
     */
    public record Environment(int cores, String java, String clientTransport, int clientProcesses,
            double loadAverageAtStart, double loadAverageAtEnd, String loadAverages, String nodeCommit,
            List<String> nodeJvmFlags) {}

    /**
     * @param failures connections that never subscribed, by cause
     * @param drops subscribed connections that ended before the bench closed them, by cause
     * @param connectSeconds from the first connection started to the last one subscribed
     * @param connectsPerSecond subscribed / connectSeconds
     * @param reconnects subscribers told to reconnect by a draining node (with --reconnect-urls); null when none were
     */
    public record ConnectionsSection(int target, int subscribed, int failed, Map<String, Long> failures, int dropped,
            Map<String, Long> drops, double connectSeconds, double connectsPerSecond, ReconnectSection reconnects) {

        public ConnectionsSection(int target, int subscribed, int failed, Map<String, Long> failures, int dropped,
                Map<String, Long> drops, double connectSeconds, double connectsPerSecond) {
            this(target, subscribed, failed, failures, dropped, drops, connectSeconds, connectsPerSecond, null);
        }
    }

    /**
     * Subscribers a draining node closed with 4200 and that reconnected to another node.
     *
     * @param told subscribed connections closed with a code from 4200 to 4299
     * @param resubscribed of them, subscribed again on another node
     * @param attemptsFailed reconnection attempts that failed, by cause (each is retried on another node)
     * @param gaveUp subscribers whose every attempt failed (also among the drops)
     * @param missedEvents measured events published while subscribers were between nodes (the protocol replays
     *     nothing); they are among the fan-out's gaps and lost deliveries
     * @param resubscribeMicros from the close frame to subscription_succeeded on the new node, in microseconds
     */
    public record ReconnectSection(long told, long resubscribed, Map<String, Long> attemptsFailed, long gaveUp,
            long missedEvents, LatencySummary resubscribeMicros) {}

    /**
     * The server process's memory at one moment: its RSS as it stood (read before any collection
     * the bench asks for), and the live heap after full collections; heap is null when not measured.
     */
    public record MemorySample(long rssBytes, Long heapUsedBytes) {}

    /**
     * What the server process cost, read from /proc and jcmd (only with --server-pid).
     *
     * @param baseline right before the first connection
     * @param loaded with every connection open (connections scenario)
     * @param cpuSeconds server user+system CPU over the measured phase
     * @param cpuMicrosPerDelivery cpuSeconds per measured delivery, in microseconds (fanout scenario)
     * @param cpuMicrosPerApiCall cpuSeconds per accepted API call of the measured phase, in
     *     microseconds (fanout scenario; with no subscribers, what one call costs the node)
     * @param runQueueWaitSeconds over the same phase, time the server's threads were runnable but
     *     waiting for a CPU (from /proc/PID/task/TID/schedstat): well above cpuSeconds means the
     *     machine, not the server, set the pace
     */
    public record ServerSection(long pid, long clockTicksPerSecond, MemorySample baseline, MemorySample loaded,
            Long rssPerConnectionBytes, Long heapPerConnectionBytes, Double cpuSeconds, Double cpuMicrosPerDelivery,
            Double cpuMicrosPerApiCall, Double runQueueWaitSeconds) {}

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
     * @param receivedDeliveries distinct measured deliveries: each subscriber counts each of its
     *     channel's sequence numbers once
     * @param lostDeliveries per channel, expected minus received (never negative), summed
     * @param duplicates measured deliveries whose sequence number had already reached the same subscriber
     * @param gaps sequence numbers missing between the lowest and the highest a subscriber received,
     *     summed over subscribers (tail losses are in lostDeliveries only); a call the node failed
     *     or did not answer in time also leaves one
     * @param subscribersWithGaps subscribers with at least one such missing number
     * @param outOfOrder deliveries whose seq was below the highest the same subscriber had seen;
     *     concurrent API calls may be applied in any order, so this is not a fault by itself
     * @param latencyMicros from the publish's scheduled time to the subscriber's read of the frame,
     *     so a publish the generator sent late (waiting for a free connection) counts its lateness
     * @param apiResponseMicros from the call's scheduled time to the HTTP response
     * @param publishLateMicros from the call's scheduled time to its send: above a millisecond or two
     *     the generator or the node could not keep the schedule
     */
    public record FanoutSection(double measuredSeconds, double deliverySeconds, long publishRequests, long publishRequestsAccepted,
            long publishRequestsSkipped, Map<String, Long> publishFailures, String firstRejection, long eventsAccepted,
            double eventsAcceptedPerSecond,            double attemptedDeliveriesPerSecond, long expectedDeliveries, long receivedDeliveries, long lostDeliveries,
            double lossRatio, double deliveriesPerSecond, long duplicates, long gaps, int subscribersWithGaps, long outOfOrder,
            LatencySummary latencyMicros, LatencySummary apiResponseMicros, LatencySummary publishLateMicros) {}

    /**
     * The measured phase of a webhooks run (warm-up excluded). Events are client events the bench
     * sent; each accepted one becomes a {@code client_event} in some webhook job.
     *
     * @param measuredSeconds how long measured events were sent
     * @param deliverySeconds from the first measured send to the last measured event's arrival (at
     *     least measuredSeconds): longer when the webhook path fell behind
     * @param eventsSent measured client events written to the node
     * @param eventsSkipped measured events not sent because the connection's outbound buffer was full
     * @param clientEventsRejected events of either phase the node refused with a pusher:error, by code in
     *     {@code rejections}; they are part of lostEvents when measured
     * @param eventsReceived distinct measured events that arrived in a webhook
     * @param lostEvents eventsSent minus eventsReceived, after the drain
     * @param jobsReceived distinct jobs (by job id) holding at least one measured event
     * @param eventsPerSecond eventsReceived / deliverySeconds; jobsPerSecond likewise
     * @param windowEventsPerSecond events of any phase that arrived while measured events were being
     *     sent, per second of that window: the delivery rate while the node was loaded (at saturation,
     *     the sender's throughput); windowJobsPerSecond likewise
     * @param drainSeconds from the end of sending to the last arrival of any request
     * @param drainEventsPerSecond events of any phase that arrived after sending stopped, per second of
     *     drainSeconds (0 when shorter than a second): with a backlog left at the end of sending, the
     *     webhook path's throughput with no client events to read; drainJobsPerSecond likewise
     * @param peakEventsPerSecond the best interval (about a second) of the measured phase and the
     *     drain; peakJobsPerSecond likewise
     * @param duplicateJobs requests whose job id had arrived before (retries, redeliveries)
     * @param duplicateEvents bench events arriving again in a job with another id
     * @param jobsWithoutId requests without the job id header (never expected from Herald)
     * @param otherEvents events in the jobs that were not bench client events (other webhook types)
     * @param refusedRequests requests other than POST, answered 405
     * @param lagMicros from the bench client's send of the event to the arrival of its webhook
     * @param jobLagMicros from the job's {@code time_ms} (when the node made it) to its arrival
     */
    public record WebhooksSection(double measuredSeconds, double deliverySeconds, double attemptedEventsPerSecond,
            long eventsSent, long eventsSkipped, long clientEventsRejected, Map<String, Long> rejections, long eventsReceived,
            long lostEvents, double lossRatio, long jobsReceived, double eventsPerJob, double eventsPerSecond,
            double jobsPerSecond, double windowEventsPerSecond, double windowJobsPerSecond, double drainSeconds,
            double drainEventsPerSecond, double drainJobsPerSecond, double peakEventsPerSecond,
            double peakJobsPerSecond, long duplicateJobs, long duplicateEvents, long jobsWithoutId, long otherEvents,
            long refusedRequests, LatencySummary lagMicros, LatencySummary jobLagMicros) {}

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
     * @param actionsSkipped due actions never sent: the member was not connected, or its connection ended first
     * @param expectedEvents per channel, (joinsAccepted + leavesSent) times observers, summed
     * @param memberAddedReceived member_added events observers received for measured joins
     * @param memberRemovedReceived member_removed events observers received for measured leaves
     * @param lostEvents expected minus received, never negative
     * @param eventsPerSecond received / deliverySeconds
     * @param propagationMicros from the join's or leave's scheduled time to an observer's read of the event, both kinds
     * @param memberAddedMicros the same, joins only
     * @param memberRemovedMicros the same, leaves only
     * @param joinAckMicros from the join's scheduled time to the member's own subscription_succeeded
     */
    public record PresenceSection(double measuredSeconds, double deliverySeconds, int channels, int observers,
            int membersReady, double attemptedActionsPerSecond, long joinsSent, long joinsAccepted,
            Map<String, Long> joinFailures, long leavesSent, long actionsSkipped, long expectedEvents,
            long memberAddedReceived, long memberRemovedReceived, long lostEvents, double lossRatio, double eventsPerSecond,
            LatencySummary propagationMicros, LatencySummary memberAddedMicros, LatencySummary memberRemovedMicros,
            LatencySummary joinAckMicros) {}
}
