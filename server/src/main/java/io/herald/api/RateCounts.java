package io.herald.api;

import java.util.concurrent.CompletionStage;

/**
 * Where the HTTP API counts an app's operations against a per-second limit: on this node
 * ({@link LocalRateCounts}, its share of the limit) or across the cluster ({@link SharedRateCounts},
 * on Redis). Never blocks the caller.
 */
public interface RateCounts {

    /**
     * Takes {@code wanted} of {@code name}'s {@code limit} per second: completes with 0 when taken,
     * else with the whole seconds to wait before asking again (nothing taken).
     */
    CompletionStage<Long> take(String name, int limit, int wanted);
}
