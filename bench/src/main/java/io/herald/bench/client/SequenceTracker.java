package io.herald.bench.client;

import java.util.BitSet;

/**
 * The measured sequence numbers one subscriber received on its channel. The publisher numbers the
 * events of each channel 0, 1, 2... so a subscriber can tell, on its own, an event that arrived
 * twice (a duplicate) from one that has not arrived (a gap: a number below the highest seen that
 * never came). Concurrent API calls may be applied out of order, so a gap can still close later:
 * the count is always the holes between the lowest and highest number seen so far. Events lost
 * after the highest number seen are found by comparing {@link #distinct()} with what the publisher
 * had accepted for the channel. One instance per connection, touched by its event loop only.
 */
public final class SequenceTracker {

    /** What one delivery changed, for counters summed over every subscriber. */
    public record Change(boolean duplicate, long gapsBefore, long gapsAfter) {}

    private final BitSet seen = new BitSet();
    private long lowest = -1;
    private long highest = -1;
    private long distinct;

    /** Records one measured sequence number; answers whether it was a duplicate and how the gap count moved. */
    public Change receive(long seq) {
        if (seq < 0 || seq > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sequence number out of range: " + seq);
        }
        long gapsBefore = gaps();
        if (seen.get((int) seq)) {
            return new Change(true, gapsBefore, gapsBefore);
        }
        seen.set((int) seq);
        distinct++;
        lowest = lowest < 0 ? seq : Math.min(lowest, seq);
        highest = Math.max(highest, seq);
        return new Change(false, gapsBefore, gaps());
    }

    /** The highest number received; meaningful once {@link #distinct()} is above 0. */
    public long highest() {
        return highest;
    }

    /** Distinct sequence numbers received. */
    public long distinct() {
        return distinct;
    }

    /** Numbers between the lowest and the highest received that have not arrived (yet). */
    public long gaps() {
        return distinct == 0 ? 0 : highest - lowest + 1 - distinct;
    }
}
