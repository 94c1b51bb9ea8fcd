package io.herald.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;

/**
 * What the listeners turn away before a request reaches the gateway or the API: requests that
 * ran out of time, clients over a per-address limit, and WebSocket upgrades refused for their
 * form. Every label value comes from a fixed set, registered at zero from the start.
 */
public final class TransportMetrics {

    private final Counter requestTimeouts;
    private final Map<AddressLimits.Verdict, Counter> limited;
    private final Map<Integer, Counter> rejectedUpgrades;

    public TransportMetrics(MeterRegistry registry) {
        this.requestTimeouts = Counter.builder("herald_http_request_timeouts")
                .description("HTTP requests (WebSocket upgrades included) that did not arrive whole within server.request-timeout: 408, closed")
                .register(registry);
        this.limited = Map.of(
                AddressLimits.Verdict.TOO_MANY_CONNECTIONS, limitCounter(registry, "max_connections"),
                AddressLimits.Verdict.TOO_FAST, limitCounter(registry, "connections_per_second"));
        this.rejectedUpgrades = Map.of(
                400, upgradeCounter(registry, 400), 405, upgradeCounter(registry, 405),
                426, upgradeCounter(registry, 426), 429, upgradeCounter(registry, 429));
    }

    public void requestTimedOut() {
        requestTimeouts.increment();
    }

    /** A connection refused by a per-address limit. */
    public void addressLimited(AddressLimits.Verdict verdict) {
        Counter counter = limited.get(verdict);
        if (counter != null) {
            counter.increment();
        }
    }

    /** A WebSocket upgrade request answered with an HTTP error instead of 101. */
    public void upgradeRejected(int status) {
        Counter counter = rejectedUpgrades.get(status);
        if (counter == null) {
            throw new IllegalArgumentException("no counter for upgrades rejected with " + status);
        }
        counter.increment();
    }

    private static Counter limitCounter(MeterRegistry registry, String limit) {
        return Counter.builder("herald_address_limit_refusals")
                .description("Connections refused (HTTP 429) because their client address was over a server.per-address limit")
                .tag("limit", limit)
                .register(registry);
    }

    private static Counter upgradeCounter(MeterRegistry registry, int status) {
        return Counter.builder("herald_websocket_upgrades_rejected")
                .description("WebSocket upgrade requests answered with an HTTP error: 400 malformed, 405 not GET, 426 not RFC 6455 version 13, 429 over a per-address limit")
                .tag("status", Integer.toString(status))
                .register(registry);
    }
}
