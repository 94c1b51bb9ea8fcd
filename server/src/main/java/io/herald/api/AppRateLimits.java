package io.herald.api;

import io.herald.app.AppConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-app limits of the HTTP API, counted on this node (docs/apps.md#limits): backend events per
 * second on the publish endpoints, an event published to N channels counting N, and read
 * requests per second on the query endpoints. Each is a token bucket refilled at the limit per
 * second that holds at most one second's worth; a request over it gets 429 with Retry-After.
 */
final class AppRateLimits {

    private final Map<String, Bucket> backendEvents = new ConcurrentHashMap<>();
    private final Map<String, Bucket> readRequests = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    AppRateLimits(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** Takes {@code events} (events times channels) from the app's backend events; throws 429 when over. */
    void publish(AppConfig app, int events) {
        int limit = app.maxBackendEventsPerSecond();
        if (limit > 0) {
            take(backendEvents, app, limit, events, "backend events per second");
        }
    }

    /** Takes one read request of the app; throws 429 when over. */
    void read(AppConfig app) {
        int limit = app.maxReadRequestsPerSecond();
        if (limit > 0) {
            take(readRequests, app, limit, 1, "read requests per second");
        }
    }

    private void take(Map<String, Bucket> buckets, AppConfig app, int limit, int wanted, String what) {
        long retryAfter = buckets.computeIfAbsent(app.id(), id -> new Bucket(limit, nanoClock.getAsLong()))
                .take(limit, wanted, nanoClock.getAsLong());
        if (retryAfter > 0) {
            throw ApiException.tooManyRequests("App '" + app.id() + "' is over its limit of " + limit + " " + what
                    + (wanted > limit ? " (this request alone needs " + wanted + ")" : ""), retryAfter);
        }
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
