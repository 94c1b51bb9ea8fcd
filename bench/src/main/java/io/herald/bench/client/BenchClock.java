package io.herald.bench.client;

import java.time.Instant;

/**
 * Wall-clock microseconds that every bench process on one machine agrees on, read cheaply.
 *
 * <p>{@code System.nanoTime} has a per-process origin, so a timestamp written by the publisher
 * cannot be compared with one read in a forked subscriber process. This clock anchors the
 * monotonic clock to the system's real-time clock once per process: two processes on the same
 * machine differ by at most the anchoring error (about a microsecond) plus clock slew during the
 * run (NTP slews by at most 500 ppm; none is expected during a run of seconds).
 */
public final class BenchClock {

    private static final long ANCHOR_NANOS;
    private static final long ANCHOR_EPOCH_MICROS;

    static {
        Instant now = Instant.now();
        ANCHOR_NANOS = System.nanoTime();
        ANCHOR_EPOCH_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private BenchClock() {}

    /** Microseconds since the Unix epoch. */
    public static long nowMicros() {
        return microsAt(System.nanoTime());
    }

    /** The same clock at the moment {@code nanoTime} (a {@link System#nanoTime()} reading, past or future). */
    public static long microsAt(long nanoTime) {
        return ANCHOR_EPOCH_MICROS + (nanoTime - ANCHOR_NANOS) / 1_000;
    }
}
