package io.herald.bench.presence;

import io.herald.bench.client.BenchClock;
import io.herald.bench.swarm.SwarmCounters;
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
 * What a presence run's connections report, written from every client event loop without locks.
 *
 * <p>Every action has a scheduled time, fixed in advance by the rate, and its latencies run from
 * that time, not from the moment the member sent it: an action sent late (its member still waited
 * for the answer to its previous join, or the generator ran late) counts its lateness too, so the
 * figures do not omit the delays a slow server causes (coordinated omission). An action belongs to
 * the measured phase when its scheduled time does.
 *
 * <p>Each member's latest join and latest leave are kept apart, with their scheduled times, so
 * that an observer receiving {@code member_added} or {@code member_removed} for that member can
 * time it even when the member already acted again. A member's next action of the same kind comes
 * a whole cycle later (2 x members / rate seconds), far longer than an event takes to arrive.
 * Events of the warm-up count towards the throughput but not the figures.
 */
public final class PresenceCounters {

    public enum Action { JOIN, LEAVE }

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger observersSubscribed = new AtomicInteger();
    private final AtomicInteger membersReady = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> drops = new ConcurrentHashMap<>();
    private final AtomicIntegerArray observersPerChannel;
    private final AtomicLongArray joinsAcceptedPerChannel;
    private final AtomicLongArray leavesPerChannel;
    /** Per member: scheduled time in epoch microseconds of its latest join, negative for a warm-up action. */
    private final AtomicLongArray joinScheduledMicros;
    /** Per member: the same for its latest leave. */
    private final AtomicLongArray leaveScheduledMicros;
    private final LongAdder joinsSent = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Map<String, LongAdder> joinFailures = new ConcurrentHashMap<>();
    private final LongAdder eventsReceived = new LongAdder();
    private final LongAdder addedReceived = new LongAdder();
    private final LongAdder removedReceived = new LongAdder();
    private final LongAdder joined = new LongAdder();
    private final Recorder added = new Recorder(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    private final Recorder removed = new Recorder(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    private final Recorder joinAck = new Recorder(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    private final Histogram addedTotal = emptyHistogram();
    private final Histogram removedTotal = emptyHistogram();
    private final Histogram interval = emptyHistogram();
    private volatile long firstStartNanos;
    private volatile long lastReadyNanos;
    /** Actions scheduled at or after this {@code System.nanoTime()} are measured; {@link Long#MAX_VALUE} until set. */
    private volatile long measuredFromNanos = Long.MAX_VALUE;
    private volatile boolean stopping;

    public PresenceCounters(int channels, int members) {
        this.observersPerChannel = new AtomicIntegerArray(channels);
        this.joinsAcceptedPerChannel = new AtomicLongArray(channels);
        this.leavesPerChannel = new AtomicLongArray(channels);
        this.joinScheduledMicros = new AtomicLongArray(members);
        this.leaveScheduledMicros = new AtomicLongArray(members);
    }

    public static Histogram emptyHistogram() {
        return new Histogram(SwarmCounters.HIGHEST_MICROS, SwarmCounters.SIGNIFICANT_DIGITS);
    }

    /** Actions scheduled at or after {@code nanoTime} (a {@link System#nanoTime()} reading) belong to the measured phase. */
    public void measureFrom(long nanoTime) {
        measuredFromNanos = nanoTime;
    }

    /** Whether an action scheduled at {@code scheduledNanos} belongs to the measured phase. */
    boolean measured(long scheduledNanos) {
        long from = measuredFromNanos;
        return from != Long.MAX_VALUE && scheduledNanos - from >= 0;
    }

    void connectionStarted() {
        if (started.getAndIncrement() == 0) {
            firstStartNanos = System.nanoTime();
        }
    }

    void observerSubscribed(int channel) {
        observersSubscribed.incrementAndGet();
        observersPerChannel.incrementAndGet(channel);
        lastReadyNanos = System.nanoTime();
    }

    void memberReady() {
        membersReady.incrementAndGet();
        lastReadyNanos = System.nanoTime();
    }

    void failed(String cause) {
        failed.incrementAndGet();
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    /** A ready connection ended before the bench closed it. */
    void dropped(String cause) {
        if (stopping) {
            return;
        }
        dropped.incrementAndGet();
        drops.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    void stopping() {
        stopping = true;
    }

    /**
     * Member {@code member} sends a join or leave that was due at {@code scheduledNanos} (a
     * {@link System#nanoTime()} reading); answers whether it is measured.
     */
    boolean actionSent(int member, int channel, Action action, long scheduledNanos) {
        boolean measured = measured(scheduledNanos);
        long scheduledMicros = BenchClock.microsAt(scheduledNanos);
        (action == Action.JOIN ? joinScheduledMicros : leaveScheduledMicros).set(member, measured ? scheduledMicros : -scheduledMicros);
        if (measured && action == Action.JOIN) {
            joinsSent.increment();
        } else if (measured) {
            leavesPerChannel.incrementAndGet(channel);
        }
        return measured;
    }

    /** An action due at {@code scheduledNanos} was never sent: its member was not connected, or its connection ended first. */
    void actionSkipped(long scheduledNanos) {
        if (measured(scheduledNanos)) {
            skipped.increment();
        }
    }

    /** A join was answered with subscription_succeeded {@code ackMicros} after its scheduled time. */
    void joinAccepted(int channel, boolean measured, long ackMicros) {
        joined.increment();
        if (measured) {
            joinsAcceptedPerChannel.incrementAndGet(channel);
            joinAck.recordValue(clamp(ackMicros));
        }
    }

    void joinFailed(boolean measured, String cause) {
        if (measured) {
            joinFailures.computeIfAbsent(cause, c -> new LongAdder()).increment();
        }
    }

    void left() {
        joined.decrement();
    }

    /** An observer read member_added ({@code JOIN}) or member_removed ({@code LEAVE}) for {@code member} at {@code nowMicros}. */
    void memberEvent(Action kind, int member, long nowMicros) {
        if (stopping) {
            return;
        }
        eventsReceived.increment();
        if (member < 0 || member >= joinScheduledMicros.length()) {
            return;
        }
        long scheduled = (kind == Action.JOIN ? joinScheduledMicros : leaveScheduledMicros).get(member);
        if (scheduled <= 0) {
            return;
        }
        if (kind == Action.JOIN) {
            addedReceived.increment();
            added.recordValue(clamp(nowMicros - scheduled));
        } else {
            removedReceived.increment();
            removed.recordValue(clamp(nowMicros - scheduled));
        }
    }

    private static long clamp(long micros) {
        return Math.min(SwarmCounters.HIGHEST_MICROS, Math.max(0, micros));
    }

    /** Propagation latencies (both kinds, measured only) since the previous call; also kept for the totals. */
    public synchronized Histogram takeLatencyInterval() {
        drain();
        Histogram taken = interval.copy();
        interval.reset();
        return taken;
    }

    private void drain() {
        Histogram recentAdded = added.getIntervalHistogram();
        Histogram recentRemoved = removed.getIntervalHistogram();
        addedTotal.add(recentAdded);
        removedTotal.add(recentRemoved);
        interval.add(recentAdded);
        interval.add(recentRemoved);
    }

    public synchronized Histogram addedLatency() {
        drain();
        return addedTotal.copy();
    }

    public synchronized Histogram removedLatency() {
        drain();
        return removedTotal.copy();
    }

    public Histogram joinAckLatency() {
        return joinAck.getIntervalHistogram();
    }

    public int started() {
        return started.get();
    }

    /** Connections set up: observers subscribed plus members established. */
    public int ready() {
        return observersSubscribed.get() + membersReady.get();
    }

    public int observersSubscribed() {
        return observersSubscribed.get();
    }

    public int membersReady() {
        return membersReady.get();
    }

    public int failedCount() {
        return failed.get();
    }

    public int droppedCount() {
        return dropped.get();
    }

    /** Connections started and not yet ready or failed. */
    public int pending() {
        return started.get() - ready() - failed.get();
    }

    /** Members in their channel right now. */
    public long joinedNow() {
        return joined.sum();
    }

    /** member_added and member_removed events observers read so far, any phase. */
    public long eventsReceived() {
        return eventsReceived.sum();
    }

    public long measuredEventsReceived() {
        return addedReceived.sum() + removedReceived.sum();
    }

    public long addedReceived() {
        return addedReceived.sum();
    }

    public long removedReceived() {
        return removedReceived.sum();
    }

    public long joinsSent() {
        return joinsSent.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    public long leavesSent() {
        long total = 0;
        for (int i = 0; i < leavesPerChannel.length(); i++) {
            total += leavesPerChannel.get(i);
        }
        return total;
    }

    public long joinsAccepted() {
        long total = 0;
        for (int i = 0; i < joinsAcceptedPerChannel.length(); i++) {
            total += joinsAcceptedPerChannel.get(i);
        }
        return total;
    }

    /** Per channel, measured (accepted joins + leaves) times the channel's observers, summed. */
    public long expectedEvents() {
        long total = 0;
        for (int i = 0; i < observersPerChannel.length(); i++) {
            total += (joinsAcceptedPerChannel.get(i) + leavesPerChannel.get(i)) * observersPerChannel.get(i);
        }
        return total;
    }

    public Map<String, Long> failures() {
        return snapshot(failures);
    }

    public Map<String, Long> drops() {
        return snapshot(drops);
    }

    public Map<String, Long> joinFailures() {
        return snapshot(joinFailures);
    }

    /** Seconds from the first connection started to the last one ready. */
    public double connectSeconds() {
        long first = firstStartNanos;
        long last = lastReadyNanos;
        return first == 0 || last == 0 ? 0 : (last - first) / 1e9;
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((cause, count) -> out.put(cause, count.sum()));
        return out;
    }
}
