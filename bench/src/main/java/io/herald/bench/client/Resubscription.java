package io.herald.bench.client;

/**
 * A subscriber on its way back after a node told it to reconnect (close code 4200 to 4299, as
 * pusher-js does on those codes): when it was told, the subscriber's sequence account (kept, so
 * that what it missed while away counts as loss like any other gap), and which attempt this is.
 *
 * @param sinceNanos {@link System#nanoTime()} when the close frame arrived
 * @param highestBefore the highest measured sequence number received before the close, or -1
 * @param attempt 1 for the first reconnection after the close, 2 after one more failure, ...
 */
public record Resubscription(long sinceNanos, SequenceTracker sequence, long highestBefore, int attempt) {

    /** The subscriber's next attempt after this one failed. */
    public Resubscription next() {
        return new Resubscription(sinceNanos, sequence, highestBefore, attempt + 1);
    }

    /**
     * Measured sequence numbers the subscriber was not there for, as seen from the first one it
     * receives after resubscribing: those published after its last before the close.
     */
    public long missedBefore(long firstSeqAfter) {
        return highestBefore < 0 ? 0 : Math.max(0, firstSeqAfter - highestBefore - 1);
    }

    /** Where a subscriber told to reconnect goes: the swarm opens its next connection. */
    @FunctionalInterface
    public interface Reconnector {
        void reconnect(int connection, Resubscription resubscription);
    }
}
