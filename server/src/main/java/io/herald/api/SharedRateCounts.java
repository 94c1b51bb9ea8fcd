package io.herald.api;

import io.herald.cluster.SharedRateWindows;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts across the cluster, in fixed one-second windows of the store ({@link SharedRateWindows}):
 * one round trip per call, and within each second of the nodes' clocks the calls accepted add up
 * to at most the limit. When the store fails, the node counts its share instead
 * ({@link LocalRateCounts}) for a second before it asks the store again: limits fail open to the
 * local share, never closed. That is logged once per outage and counted in
 * {@code herald_api_rate_limit_fallbacks_total}.
 */
public final class SharedRateCounts implements RateCounts {

    private static final Logger LOG = LoggerFactory.getLogger(SharedRateCounts.class);
    private static final long PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SharedRateWindows shared;
    private final LocalRateCounts fallback;
    private final LongSupplier epochMillis;
    private final Counter fallbacks;
    private volatile boolean storeDown;
    private volatile long askAgainAtNanos;

    public SharedRateCounts(SharedRateWindows shared, LocalRateCounts fallback, LongSupplier epochMillis,
            MeterRegistry registry) {
        this.shared = shared;
        this.fallback = fallback;
        this.epochMillis = epochMillis;
        this.fallbacks = Counter.builder("herald_api_rate_limit_fallbacks")
                .description("Rate-limited HTTP API calls counted on the node's share because the shared count failed")
                .register(registry);
    }

    @Override
    public CompletionStage<Long> take(String name, int limit, int wanted) {
        if (wanted > limit) {
            // It never fits a window: no need to ask.
            return CompletableFuture.completedFuture(1L);
        }
        if (storeDown && System.nanoTime() - askAgainAtNanos < 0) {
            fallbacks.increment();
            return CompletableFuture.completedFuture(fallback.takeNow(name, limit, wanted));
        }
        long second = epochMillis.getAsLong() / 1000;
        return shared.tryAdd(name, second, wanted, limit).handle((added, failure) -> {
            if (failure != null) {
                failed(failure);
                fallbacks.increment();
                return fallback.takeNow(name, limit, wanted);
            }
            answered();
            // Refused: the next window opens within the second.
            return added ? 0L : 1L;
        });
    }

    private void failed(Throwable failure) {
        askAgainAtNanos = System.nanoTime() + PAUSE_NANOS;
        if (!storeDown) {
            storeDown = true;
            LOG.error("Rate limits: {} failed, counting each app's share on this node until it answers: {}",
                    shared.describe(), failure.toString());
        }
    }

    private void answered() {
        if (storeDown) {
            storeDown = false;
            LOG.info("Rate limits: counting on {} again", shared.describe());
        }
    }
}
