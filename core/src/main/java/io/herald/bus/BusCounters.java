package io.herald.bus;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a bus driver did, as running totals for metrics: messages handed to the engine, messages
 * dropped on the way out (disconnected, or the engine refused them), messages delivered to the
 * listener, and payloads that were not bus messages. The node creates one per bus, passes it to
 * the driver and reads it when scraped; recording costs one adder increment.
 */
public final class BusCounters {

    private final LongAdder published = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder malformed = new LongAdder();

    public void countPublished() {
        published.increment();
    }

    public void countDropped() {
        dropped.increment();
    }

    public void countReceived() {
        received.increment();
    }

    /** Counts one malformed payload and returns how many there were so far, for thinning the log. */
    public long countMalformed() {
        malformed.increment();
        return malformed.sum();
    }

    /** Messages the engine accepted. */
    public long published() {
        return published.sum();
    }

    /** Messages not published: the bus was disconnected, its outgoing queue was full, or the engine failed the publish. */
    public long dropped() {
        return dropped.sum();
    }

    /** Messages from other nodes delivered to the listener. */
    public long received() {
        return received.sum();
    }

    /** Payloads received that {@link BusCodec} could not read; they were dropped. */
    public long malformed() {
        return malformed.sum();
    }

    /** True for the 1st, 2nd, 4th, 8th... occurrence: a repeating failure is logged ever more rarely. */
    public static boolean worthLogging(long occurrence) {
        return Long.bitCount(occurrence) == 1;
    }

    @Override
    public String toString() {
        return "BusCounters[published=" + published() + ", dropped=" + dropped() + ", received=" + received()
                + ", malformed=" + malformed() + "]";
    }
}
