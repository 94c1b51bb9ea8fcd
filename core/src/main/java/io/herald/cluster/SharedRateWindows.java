package io.herald.cluster;

import java.util.concurrent.CompletionStage;

/**
 * Counts shared by every node of a cluster, one per name and one-second window: what lets a
 * per-app rate limit hold for the cluster as a whole rather than per node. Each call is one round
 * trip to the store and is atomic there: of the calls of one window, those accepted add up to at
 * most the limit, whichever node made them.
 *
 * <p>Never blocks the caller. A store that cannot answer (down, or slower than the driver's
 * timeout) fails the stage; the caller decides what to do then (the HTTP API counts on the node).
 */
public interface SharedRateWindows extends AutoCloseable {

    /**
     * Adds {@code amount} to the count of {@code name} in the window of second {@code epochSecond},
     * unless the count would go over {@code limit}. Completes with true when added; with false, the
     * count unchanged, when it would have gone over.
     */
    CompletionStage<Boolean> tryAdd(String name, long epochSecond, int amount, int limit);

    /** Where the counts are kept, for the log: "redis 127.0.0.1:6379". */
    String describe();

    @Override
    void close();
}
