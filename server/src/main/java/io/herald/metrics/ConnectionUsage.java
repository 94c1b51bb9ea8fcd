package io.herald.metrics;

import java.util.function.LongSupplier;

/**
 * One app's open connections on this node, their high-water mark, and connection-seconds: the
 * integral of open connections over time, the number a connection-time bill is made of.
 *
 * <p>The integral is brought up to date only when the count changes (a connection opens or
 * closes) and when it is read (a scrape), adding {@code open × elapsed} each time. Between two
 * such moments the count is constant, so the result is exact, and nothing runs per message or on
 * a timer. Opening and closing take this object's lock for a few nanoseconds; connection churn
 * already costs a handshake, so the lock is never the bottleneck.
 *
 * <p>The peak is the highest number of connections open at once since the node started. It only
 * rises, so a biller can read it at the end of a period; see docs/metrics.md.
 */
final class ConnectionUsage {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final LongSupplier nanoClock;
    private long open;
    private long peak;
    private long lastChangeNanos;
    // A double keeps sub-second precision for years at any realistic count: its 53-bit mantissa
    // leaves well under a millisecond of rounding per update even past 10^9 connection-seconds.
    private double connectionSeconds;

    ConnectionUsage(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastChangeNanos = nanoClock.getAsLong();
    }

    synchronized void opened() {
        accumulate();
        open++;
        if (open > peak) {
            peak = open;
        }
    }

    synchronized void closed() {
        accumulate();
        open--;
    }

    synchronized long open() {
        return open;
    }

    synchronized long peak() {
        return peak;
    }

    /** Connection-seconds since the node started, up to now; never decreases. */
    synchronized double connectionSeconds() {
        accumulate();
        return connectionSeconds;
    }

    private void accumulate() {
        long now = nanoClock.getAsLong();
        long elapsed = now - lastChangeNanos;
        if (elapsed > 0) {
            // A close without its open would be a bug elsewhere; it must not make this counter
            // fall, since Prometheus (and the registry, which then fails the scrape) forbid that.
            connectionSeconds += Math.max(open, 0) * (elapsed / NANOS_PER_SECOND);
            lastChangeNanos = now;
        }
    }
}
