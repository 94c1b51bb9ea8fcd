package io.herald.bench.webhook;

import io.herald.bench.client.BenchPayload;
import io.herald.bench.swarm.SwarmCounters;
import io.netty.buffer.ByteBuf;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * What arrived at the receiver: webhook jobs, the events they carry, duplicates and lag. Called
 * from the receiver's event loop and read by the scenario's thread; one lock, held for the few
 * microseconds a body takes to scan.
 *
 * <ul>
 *   <li>A <b>duplicate job</b> is a request whose {@code X-Herald-Webhook-Id} arrived before (a
 *       retry or a redelivery after a lease ran out); its events are not counted again.</li>
 *   <li>A <b>duplicate event</b> is a bench event whose sequence number arrived before in a job
 *       with another id: the same event queued twice.</li>
 *   <li><b>Lag</b> is the arrival time minus the time the bench client sent the event (its
 *       {@code sent} field), so it spans the whole path: WebSocket, outbox batching, queue and
 *       sender. <b>Job lag</b> is the arrival time minus the body's {@code time_ms}, when Herald
 *       made the job: queue and sender only. Both only for measured events, both on
 *       {@link io.herald.bench.client.BenchClock} (the node's clock is the same machine's).</li>
 * </ul>
 */
public final class WebhookTally {

    /**
     * Counts so far; the events counted are those of first deliveries.
     *
     * @param events every event of every distinct job, bench events or not
     * @param measuredEvents distinct measured bench events
     * @param warmupEvents distinct warm-up bench events
     * @param measuredJobs distinct jobs holding at least one measured bench event
     * @param lastMeasuredArrivalMicros when the last measured event arrived, 0 before the first
     * @param lastArrivalMicros when the last request of any kind arrived, 0 before the first
     */
    public record Snapshot(long jobs, long events, long measuredEvents, long warmupEvents, long measuredJobs,
            long duplicateJobs, long duplicateEvents, long jobsWithoutId, long otherEvents, long lastMeasuredArrivalMicros,
            long lastArrivalMicros) {}

    private final Set<String> jobIds = new HashSet<>();
    private final BitSet seenSeqs = new BitSet();
    private final BenchPayload.Delivery delivery = new BenchPayload.Delivery();
    private final Histogram lag = newHistogram();
    private final Histogram jobLag = newHistogram();
    private long jobs;
    private long events;
    private long measuredEvents;
    private long warmupEvents;
    private long measuredJobs;
    private long duplicateJobs;
    private long duplicateEvents;
    private long jobsWithoutId;
    private long otherEvents;
    private long lastMeasuredArrivalMicros;
    private long lastArrivalMicros;

    private static Histogram newHistogram() {
        return new Histogram(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    }

    /** One request that arrived at {@code arrivalMicros}; {@code jobId} is null when it had no id header. */
    public synchronized void record(String jobId, ByteBuf body, long arrivalMicros) {
        lastArrivalMicros = Math.max(lastArrivalMicros, arrivalMicros);
        if (jobId == null) {
            jobsWithoutId++;
        } else if (!jobIds.add(jobId)) {
            duplicateJobs++;
            return;
        }
        jobs++;
        int inBody = WebhookBody.eventCount(body);
        events += inBody;
        int benchEvents = 0;
        boolean measuredJob = false;
        int at = body.readerIndex();
        while ((at = BenchPayload.readNext(body, at, delivery)) > 0) {
            if (delivery.seq > Integer.MAX_VALUE) {
                continue; // never sent by this bench (sequence numbers of one run stay far below)
            }
            benchEvents++;
            if (seenSeqs.get((int) delivery.seq)) {
                duplicateEvents++;
                continue;
            }
            seenSeqs.set((int) delivery.seq);
            if (delivery.measured) {
                measuredJob = true;
                measuredEvents++;
                lastMeasuredArrivalMicros = arrivalMicros;
                lag.recordValue(clamp(arrivalMicros - delivery.sentMicros));
            } else {
                warmupEvents++;
            }
        }
        otherEvents += Math.max(0, inBody - benchEvents);
        if (measuredJob) {
            measuredJobs++;
            long createdMillis = WebhookBody.timeMillis(body);
            if (createdMillis > 0) {
                jobLag.recordValue(clamp(arrivalMicros - createdMillis * 1_000));
            }
        }
    }

    private static long clamp(long micros) {
        return Math.min(SwarmCounters.HIGHEST_MICROS, Math.max(0, micros));
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(jobs, events, measuredEvents, warmupEvents, measuredJobs, duplicateJobs, duplicateEvents,
                jobsWithoutId, otherEvents, lastMeasuredArrivalMicros, lastArrivalMicros);
    }

    /** The 99th percentile of the lag so far, in microseconds; 0 before the first measured event. */
    public synchronized long lagP99Micros() {
        return lag.getTotalCount() == 0 ? 0 : lag.getValueAtPercentile(99);
    }

    /** A copy of the send-to-arrival lag of measured events, in microseconds. */
    public synchronized Histogram lag() {
        return lag.copy();
    }

    /** A copy of the job-creation-to-arrival lag of measured jobs, in microseconds. */
    public synchronized Histogram jobLag() {
        return jobLag.copy();
    }
}
