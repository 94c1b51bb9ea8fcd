package io.herald.api;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Counts on this node only, each node taking its share of a limit: the limit divided by the nodes
 * of the cluster (rounded up; the whole limit on a node alone). Each name is a token bucket
 * refilled continuously at the share per second, holding at most one second's worth. Over a
 * cluster whose calls are spread evenly the sum holds the limit; spread unevenly, a node's calls
 * are refused at its share while another's share goes unused.
 */
public final class LocalRateCounts implements RateCounts {

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final IntSupplier nodes;

    /** @param nodes the nodes of the cluster now, this one included */
    public LocalRateCounts(LongSupplier nanoClock, IntSupplier nodes) {
        this.nanoClock = nanoClock;
        this.nodes = nodes;
    }

    @Override
    public CompletionStage<Long> take(String name, int limit, int wanted) {
        return CompletableFuture.completedFuture(takeNow(name, limit, wanted));
    }

    /** As {@link #take}, answered at once. */
    long takeNow(String name, int limit, int wanted) {
        int share = share(limit);
        return buckets.computeIfAbsent(name, id -> new Bucket(share, nanoClock.getAsLong()))
                .take(share, wanted, nanoClock.getAsLong());
    }

    int share(int limit) {
        int n = Math.max(1, nodes.getAsInt());
        return Math.max(1, (limit + n - 1) / n);
    }

    /** Tokens refilled continuously at {@code limit} per second, at most {@code limit} held. */
    private static final class Bucket {

        private double tokens;
        private long lastNanos;

        Bucket(int limit, long nowNanos) {
            this.tokens = limit;
            this.lastNanos = nowNanos;
        }

        /** 0 when taken; otherwise the whole seconds to wait before asking again. */
        synchronized long take(int limit, int wanted, long nowNanos) {
            tokens = Math.min(limit, tokens + (nowNanos - lastNanos) / 1e9 * limit);
            lastNanos = nowNanos;
            if (wanted <= tokens) {
                tokens -= wanted;
                return 0;
            }
            double missing = Math.min(wanted, limit) - tokens;
            return Math.max(1, (long) Math.ceil(missing / limit));
        }
    }
}
