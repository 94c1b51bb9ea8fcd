package io.herald.bench.swarm;

import io.herald.bench.client.BenchPayload.Delivery;
import io.herald.bench.client.ReconnectBackoff;
import io.herald.bench.client.SequenceTracker;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the subscriber connections of one process report, written from every client event loop
 * without locks. Each connection ends in exactly one of: subscribed (and later perhaps dropped),
 * or failed.
 */
public final class SwarmCounters {

    /** Latencies are recorded in microseconds up to an hour, to three significant digits. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    public static final int SIGNIFICANT_DIGITS = 3;

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
    private final LongAdder rejected = new LongAdder();
    private final AtomicIntegerArray subscribedPerChannel;
    private final LongAdder measured = new LongAdder();
    private final LongAdder warmup = new LongAdder();
    private final LongAdder outOfOrder = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final AtomicInteger subscribersWithGaps = new AtomicInteger();
    private final AtomicLongArray receivedPerChannel;
    private final Recorder latency = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final LongAdder toldToReconnect = new LongAdder();
    private final LongAdder resubscribed = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final LongAdder missedWhileAway = new LongAdder();
    private final Map<String, LongAdder> reconnectFailures = new ConcurrentHashMap<>();
    private final Recorder resubscribeMicros = new Recorder(HIGHEST_MICROS, SIGNIFICANT_DIGITS);
    private final Histogram resubscribeTotal = SwarmReport.emptyHistogram();
    private volatile long firstStartNanos;
    private volatile long lastSubscribedNanos;
    private volatile boolean stopping;

    public SwarmCounters(int channels) {
        this.subscribedPerChannel = new AtomicIntegerArray(channels);
        this.receivedPerChannel = new AtomicLongArray(channels);
    }

    void connectionStarted() {
        if (started.getAndIncrement() == 0) {
            firstStartNanos = System.nanoTime();
        }
    }

    public void subscribed(int channelIndex) {
        subscribed.incrementAndGet();
        subscribedPerChannel.incrementAndGet(channelIndex);
        lastSubscribedNanos = System.nanoTime();
    }

    public void failed(String cause) {
        failed.incrementAndGet();
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** A subscribed connection ended before the bench closed it. */
    public void dropped(String cause) {
        if (stopping) {
            return;
        }
        dropped.incrementAndGet();
        drops.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** The node refused something a subscribed connection sent (a pusher:error), by cause. */
    public void rejected(String cause) {
        rejected.increment();
        rejections.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /**
     * One bench event reached a subscriber of channel {@code channelIndex}; {@code sequence} is that
     * subscriber's account of the channel's measured sequence numbers. A duplicate is counted and
     * otherwise ignored. Latency runs from the publish's scheduled time ({@link Delivery#sentMicros}),
     * so a publish the generator sent late counts its lateness.
     */
    public void delivered(Delivery delivery, long nowMicros, int channelIndex, SequenceTracker sequence) {
        if (!delivery.measured) {
            warmup.increment();
            return;
        }
        long highestBefore = sequence.distinct() == 0 ? -1 : sequence.highest();
        SequenceTracker.Change change = sequence.receive(delivery.seq);
        if (delivery.seq < highestBefore) {
            outOfOrder.increment();
        }
        if (change.duplicate()) {
            duplicates.increment();
            return;
        }
        gaps.add(change.gapsAfter() - change.gapsBefore());
        if (change.gapsBefore() == 0 && change.gapsAfter() > 0) {
            subscribersWithGaps.incrementAndGet();
        } else if (change.gapsBefore() > 0 && change.gapsAfter() == 0) {
            subscribersWithGaps.decrementAndGet();
        }
        measured.increment();
        receivedPerChannel.incrementAndGet(channelIndex);
        latency.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, nowMicros - delivery.sentMicros)));
    }

    /** A subscribed connection was closed with a reconnect code and goes to another node. */
    public void toldToReconnect() {
        if (!stopping) {
            toldToReconnect.increment();
        }
    }

    /** A subscriber told to reconnect is subscribed again, {@code micros} after the close. */
    public void resubscribed(long micros) {
        resubscribed.increment();
        resubscribeMicros.recordValue(Math.min(HIGHEST_MICROS, Math.max(0, micros)));
    }

    /** Measured events a resubscribed subscriber was away for (seen at its first delivery after). */
    public void missedWhileAway(long events) {
        missedWhileAway.add(events);
    }

    /** A reconnection attempt failed; {@code last} when it was the subscriber's last one (it is then dropped). */
    public void reconnectFailed(String cause, boolean last) {
        if (stopping) {
            return;
        }
        reconnectFailures.computeIfAbsent(cause, c -> new LongAdder()).increment();
        if (last) {
            gaveUp.increment();
            dropped("reconnect failed " + ReconnectBackoff.MAX_ATTEMPTS + " times, last: " + cause);
        }
    }

    /** The account of reconnections so far (the histogram is everything recorded since the start). */
    public Reconnects reconnects() {
        synchronized (resubscribeTotal) {
            resubscribeTotal.add(resubscribeMicros.getIntervalHistogram());
            return new Reconnects(toldToReconnect.sum(), resubscribed.sum(), snapshot(reconnectFailures), gaveUp.sum(),
                    missedWhileAway.sum(), SwarmReport.encode(resubscribeTotal));
        }
    }

    void stopping() {
        stopping = true;
    }

    int startedCount() {
        return started.get();
    }

    /** Connections started and not yet subscribed or failed. */
    int pending() {
        return started.get() - subscribed.get() - failed.get();
    }

    public int subscribedCount() {
        return subscribed.get();
    }

    int failedCount() {
        return failed.get();
    }

    public int droppedCount() {
        return dropped.get();
    }

    long measuredDeliveries() {
        return measured.sum();
    }

    long warmupDeliveries() {
        return warmup.sum();
    }

    long outOfOrder() {
        return outOfOrder.sum();
    }

    long duplicates() {
        return duplicates.sum();
    }

    long gaps() {
        return gaps.sum();
    }

    int subscribersWithGaps() {
        return subscribersWithGaps.get();
    }

    long[] receivedPerChannel() {
        long[] out = new long[receivedPerChannel.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = receivedPerChannel.get(i);
        }
        return out;
    }

    /** Seconds from the first connection started to the last one subscribed. */
    double connectSeconds() {
        long first = firstStartNanos;
        long last = lastSubscribedNanos;
        return first == 0 || last == 0 ? 0 : (last - first) / 1e9;
    }

    /** Latencies recorded since the previous call. */
    Histogram takeLatency() {
        return latency.getIntervalHistogram();
    }

    Map<String, Long> failures() {
        return snapshot(failures);
    }

    Map<String, Long> drops() {
        return snapshot(drops);
    }

    long rejectedCount() {
        return rejected.sum();
    }

    Map<String, Long> rejections() {
        return snapshot(rejections);
    }

    int[] subscribedPerChannel() {
        int[] out = new int[subscribedPerChannel.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = subscribedPerChannel.get(i);
        }
        return out;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((cause, count) -> out.put(cause, count.sum()));
        return out;
    }
}
