package io.herald.api;

import io.herald.app.AppConfig;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Per-app limits of the HTTP API (docs/apps.md#limits): backend events per second on the publish
 * endpoints, an event published to N channels counting N, and read requests per second on the
 * query endpoints, counted by {@link RateCounts} (on the node, or across the cluster). A request
 * over a limit fails with 429 and Retry-After. An app without a limit costs nothing: no count, no
 * round trip.
 */
final class AppRateLimits {

    private static final CompletableFuture<Void> ADMITTED = CompletableFuture.completedFuture(null);

    private final RateCounts counts;

    AppRateLimits(RateCounts counts) {
        this.counts = counts;
    }

    /**
     * Takes {@code events} (events times channels) from the app's backend events. A count that is
     * not answered at once (a round trip to the cluster) completes on {@code loop}.
     */
    CompletableFuture<Void> publish(AppConfig app, int events, Executor loop) {
        int limit = app.maxBackendEventsPerSecond();
        return limit > 0 ? take(app, "events", limit, events, "backend events per second", loop) : ADMITTED;
    }

    /** Takes one read request of the app. */
    CompletableFuture<Void> read(AppConfig app, Executor loop) {
        int limit = app.maxReadRequestsPerSecond();
        return limit > 0 ? take(app, "reads", limit, 1, "read requests per second", loop) : ADMITTED;
    }

    private CompletableFuture<Void> take(AppConfig app, String kind, int limit, int wanted, String what, Executor loop) {
        CompletableFuture<Long> counted = counts.take(app.id() + ":" + kind, limit, wanted).toCompletableFuture();
        if (!counted.isDone()) {
            counted = counted.thenApplyAsync(retryAfter -> retryAfter, loop);
        }
        return counted.thenAccept(retryAfter -> {
            if (retryAfter > 0) {
                throw ApiException.tooManyRequests("App '" + app.id() + "' is over its limit of " + limit + " " + what
                        + (wanted > limit ? " (this request alone needs " + wanted + ")" : ""), retryAfter);
            }
        });
    }
}
