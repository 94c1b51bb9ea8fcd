package io.herald.console;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.metrics.RecentUsage;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The overview page's figures of this node, read from its own metrics (the numbers Prometheus
 * scrapes, so the console and Grafana never disagree): connections, messages sent and received
 * (totals: the page turns them into rates), the webhook queue and failed attempts; and the usage
 * over the last hour of the apps asked for, which the app page sums over the nodes ({@link UsageSums}).
 */
public final class NodeOverview {

    private final String nodeId;
    private final MeterRegistry registry;
    private final RecentUsage recent;
    private final long startedAtMillis;
    private final BooleanSupplier ready;
    private final LongSupplier clockMillis;
    private final IntSupplier gatewayPort;
    private final boolean gatewayTls;

    /** @param gatewayPort the port clients connect to, which the client snippets name */
    public NodeOverview(String nodeId, MeterRegistry registry, RecentUsage recent, BooleanSupplier ready, LongSupplier clockMillis,
            IntSupplier gatewayPort, boolean gatewayTls) {
        this.gatewayPort = gatewayPort;
        this.gatewayTls = gatewayTls;
        this.nodeId = nodeId;
        this.registry = registry;
        this.recent = recent;
        this.ready = ready;
        this.clockMillis = clockMillis;
        this.startedAtMillis = clockMillis.getAsLong();
    }

    /** @param usageApps the apps whose usage to add (those with no activity in the hour are left out) */
    public ObjectNode describe(Set<String> usageApps) {
        long now = clockMillis.getAsLong();
        ObjectNode node = JsonNodeFactory.instance.objectNode()
                .put("id", nodeId)
                .put("at", now)
                .put("uptime_seconds", (now - startedAtMillis) / 1000)
                .put("state", ready.getAsBoolean() ? "ready" : sum("herald_draining") > 0 ? "draining" : "not ready")
                .put("connections", (long) sum("herald_connections"))
                .put("messages_sent", (long) sum("herald_messages_sent"))
                .put("messages_received", (long) sum("herald_messages_received"));
        node.putObject("gateway").put("port", gatewayPort.getAsInt()).put("tls", gatewayTls);
        node.putObject("webhooks")
                .put("ready", (long) sum("herald_webhook_queue_ready"))
                .put("delayed", (long) sum("herald_webhook_queue_delayed"))
                .put("in_flight", (long) sum("herald_webhook_queue_in_flight"))
                .put("dead", (long) sum("herald_webhook_queue_dead"))
                .put("dead_lettered", (long) sum("herald_webhook_dead_lettered"))
                .put("attempts", (long) sum("herald_webhook_attempts"));
        node.set("usage", UsageSums.describe(recent, usageApps));
        return node;
    }

    /** The sum over every series of a meter (a counter's count, a gauge's value), 0 when there is none. */
    private double sum(String name) {
        double total = 0;
        for (Meter meter : registry.find(name).meters()) {
            for (Measurement measurement : meter.measure()) {
                double value = measurement.getValue();
                if (Double.isFinite(value)) {
                    total += value;
                }
            }
            if (total < 0) {
                total = 0;
            }
        }
        return total;
    }
}
