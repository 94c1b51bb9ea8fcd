package io.herald.bench.publish;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** The publisher's account of one phase (warm-up or measured), written from HTTP client threads. */
public final class PublishStats {

    private final LongAdder requests = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final LongAdder eventsAccepted = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final AtomicLongArray acceptedPerChannel;
    private final Recorder responseMicros = new Recorder(60_000_000L, 3);
    private final Recorder lateMicros = new Recorder(60_000_000L, 3);
    private volatile String firstRejection;

    PublishStats(int channels) {
        this.acceptedPerChannel = new AtomicLongArray(channels);
    }

    /** A request sent {@code lateMicros} after its scheduled time (it waited for a free slot). */
    void sent(long lateMicros) {
        requests.increment();
        this.lateMicros.recordValue(Math.min(60_000_000L, Math.max(0, lateMicros)));
    }

    /** A request never sent: a whole second of calls was already waiting for a free slot. */
    void skipped() {
        skipped.increment();
    }

    void accepted(int[] channelIndexes, long responseMicros) {
        accepted.increment();
        eventsAccepted.add(channelIndexes.length);
        for (int channel : channelIndexes) {
            acceptedPerChannel.incrementAndGet(channel);
        }
        this.responseMicros.recordValue(Math.min(60_000_000L, Math.max(0, responseMicros)));
    }

    void rejected(int status, String body) {
        failure("HTTP " + status);
        if (firstRejection == null) {
            firstRejection = "HTTP " + status + ": " + body;
        }
    }

    void failure(String cause) {
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
    }

    public long requests() {
        return requests.sum();
    }

    public long acceptedRequests() {
        return accepted.sum();
    }

    public long skippedRequests() {
        return skipped.sum();
    }

    public long eventsAccepted() {
        return eventsAccepted.sum();
    }

    public long acceptedOn(int channel) {
        return acceptedPerChannel.get(channel);
    }

    public Map<String, Long> failures() {
        Map<String, Long> out = new TreeMap<>();
        failures.forEach((cause, n) -> out.put(cause, n.sum()));
        return out;
    }

    /** The first non-2xx answer, status and body, to tell a signing mistake from an overload. */
    public String firstRejection() {
        return firstRejection;
    }

    /** Scheduled-time-to-response times of accepted requests, in microseconds. */
    public Histogram responseMicros() {
        return responseMicros.getIntervalHistogram();
    }

    /** How late after their scheduled time requests were sent, in microseconds. */
    public Histogram lateMicros() {
        return lateMicros.getIntervalHistogram();
    }
}
