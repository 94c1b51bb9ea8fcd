package io.herald.sender;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;

/**
 * What this sender knows of each endpoint URL: its circuit breaker and its concurrency slots.
 * Both are local to the process; several senders each apply their own cap.
 */
final class EndpointStates {

    private final ConcurrentMap<String, EndpointState> byUrl = new ConcurrentHashMap<>();
    private final int slotsPerEndpoint;
    private final int breakerFailures;
    private final long firstProbeDelayMillis;
    private final long maxProbeDelayMillis;
    private final SenderMetrics metrics;

    EndpointStates(int slotsPerEndpoint, int breakerFailures, long firstProbeDelayMillis, long maxProbeDelayMillis,
            SenderMetrics metrics) {
        this.slotsPerEndpoint = Math.max(1, slotsPerEndpoint);
        this.breakerFailures = breakerFailures;
        this.firstProbeDelayMillis = firstProbeDelayMillis;
        this.maxProbeDelayMillis = maxProbeDelayMillis;
        this.metrics = metrics;
    }

    EndpointState of(String url) {
        EndpointState state = byUrl.get(url);
        if (state != null) {
            return state;
        }
        return byUrl.computeIfAbsent(url, key -> {
            EndpointState fresh = new EndpointState(redact(key), new CircuitBreaker(breakerFailures, firstProbeDelayMillis, maxProbeDelayMillis),
                    new Semaphore(slotsPerEndpoint));
            metrics.breaker(fresh.label(), fresh.breaker()::state);
            return fresh;
        });
    }

    /**
     * The URL without credentials or query, fit for logs and metric labels: endpoints often
     * carry a token in the query string.
     */
    static String redact(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return "invalid-url";
        }
        return parsed.scheme() + "://" + parsed.host() + ":" + parsed.port() + parsed.encodedPath();
    }

    /** One endpoint: its label for logs and metrics, breaker, slots, and the error of its last failed attempt. */
    static final class EndpointState {

        private final String label;
        private final CircuitBreaker breaker;
        private final Semaphore slots;
        private volatile String lastError;

        EndpointState(String label, CircuitBreaker breaker, Semaphore slots) {
            this.label = label;
            this.breaker = breaker;
            this.slots = slots;
        }

        String label() {
            return label;
        }

        CircuitBreaker breaker() {
            return breaker;
        }

        boolean tryTakeSlot(long waitMillis) throws InterruptedException {
            return slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        }

        void releaseSlot() {
            slots.release();
        }

        void failed(String error, long nowMillis, boolean probe) {
            lastError = error;
            breaker.onFailure(nowMillis, probe);
        }

        String lastError() {
            return lastError;
        }
    }
}
