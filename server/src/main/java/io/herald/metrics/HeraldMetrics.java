package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The node's Prometheus registry, with the JVM's meters and the realtime side's own: connections,
 * subscriptions, channels, messages and errors, labelled by app. The other parts (webhook outbox
 * and sender, TLS, cluster link) register their own meters on {@link #registry()}. Meters are looked
 * up once per (name, labels) and cached, so recording costs an adder increment; the fan-out path
 * records once per batch, never once per socket.
 */
public final class HeraldMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<MeterKey, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicLong> gauges = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ConnectionUsage> connections = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final AtomicLong drainingState = new AtomicLong();
    private final RecentUsage recent = new RecentUsage(System::currentTimeMillis);
    /** Connection-seconds of each app already added to {@link #recent}; touched by {@link #sampleConnections} only. */
    private final Map<String, double[]> sampledSeconds = new HashMap<>();

    public HeraldMetrics() {
        Gauge.builder("herald_draining", drainingState, AtomicLong::get)
                .description("1 while the node drains after SIGTERM (not ready, clients told to reconnect), else 0")
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Each app's usage minute by minute over the last hour (the console's app page). */
    public RecentUsage recentUsage() {
        return recent;
    }

    /**
     * Adds each app's connection time since the last call to {@link #recentUsage()}: called every
     * second or so from one thread, so that an app whose clients only sit connected is counted too.
     */
    public void sampleConnections() {
        connections.forEach((app, usage) -> {
            double now = usage.connectionSeconds();
            double[] before = sampledSeconds.computeIfAbsent(app, key -> new double[] {now});
            recent.add(app, RecentUsage.Kind.CONNECTION_MILLIS, Math.round((now - before[0]) * 1000));
            before[0] = now;
        });
    }

    /**
     * Creates the app's per-app meters at zero, so that every configured app has its series from
     * the start: a dashboard shows 0 rather than no data, and {@code increase()} sees the first
     * event. Meters with more labels than the app (close codes, outcomes) appear when first used.
     */
    public void registerApp(String app) {
        connectionUsage(app);
        connectionsOpened(app);
        slowConsumersClosed(app);
        subscriptions(app);
        channels(app);
        messagesReceived(app);
        bytesReceived(app);
        messagesSent(app);
        bytesSent(app);
        eventsPublished(app, "api");
        clientEvents(app);
        apiBytesReceived(app);
    }

    /** {@code herald_ready}: 1 while the node accepts connections, 0 while it stops. */
    public void readiness(BooleanSupplier ready) {
        Gauge.builder("herald_ready", ready, r -> r.getAsBoolean() ? 1 : 0)
                .description("1 while the node accepts connections (its /ready answers 200), 0 once it is stopping")
                .strongReference(true)
                .register(registry);
    }

    public void connectionOpened(String app) {
        connectionsOpened(app).increment();
        connectionUsage(app).opened();
    }

    /** A connection ended with {@code closeCode}, which the client may have chosen: see {@link CloseCodeLabels}. */
    public void connectionClosed(String app, int closeCode) {
        counter("herald_connections_closed", "WebSocket connections closed, by close code (other: any code RFC 6455 and Pusher do not define)",
                "app", app, "code", CloseCodeLabels.of(closeCode)).increment();
        connectionUsage(app).closed();
    }

    /** A connection refused before it was opened (unknown app, disabled, over quota). */
    public void connectionRefused(String app, int closeCode) {
        counter("herald_connections_refused", "WebSocket connections refused at the handshake, by close code",
                "app", app, "code", Integer.toString(closeCode)).increment();
    }

    public void slowConsumerClosed(String app) {
        slowConsumersClosed(app).increment();
    }

    public void subscriptionsChanged(String app, int delta) {
        subscriptions(app).addAndGet(delta);
    }

    public void channelsChanged(String app, int delta) {
        channels(app).addAndGet(delta);
    }

    /** A WebSocket message from a client; {@code bytes} is its UTF-8 payload size. */
    public void messageReceived(String app, int bytes) {
        messagesReceived(app).increment();
        bytesReceived(app).increment(bytes);
    }

    /** Messages written to subscribers; {@code bytes} counts whole WebSocket frames, headers included. */
    public void messagesSent(String app, int messages, long bytes) {
        messagesSent(app).increment(messages);
        bytesSent(app).increment(bytes);
        recent.add(app, RecentUsage.Kind.MESSAGES_SENT, messages);
        recent.add(app, RecentUsage.Kind.BYTES_SENT, bytes);
    }

    public void eventPublished(String app, String source) {
        eventsPublished(app, source).increment();
        if ("api".equals(source)) {
            recent.add(app, RecentUsage.Kind.EVENTS_PUBLISHED, 1);
        }
    }

    public void clientEvent(String app) {
        clientEvents(app).increment();
    }

    /** The body of an HTTP API request whose signature was verified (unsigned traffic is not the app's). */
    public void apiBytesReceived(String app, int bytes) {
        apiBytesReceived(app).increment(bytes);
    }

    public void error(String app, int code) {
        counter("herald_errors", "pusher:error messages sent to clients, by code (0 for null)", "app", app,
                "code", Integer.toString(code)).increment();
    }

    public void apiRequest(String app, String endpoint, int status) {
        counter("herald_api_requests", "HTTP API requests, by endpoint and status", "app", app,
                "endpoint", endpoint, "status", Integer.toString(status)).increment();
    }

    /** Set while the node drains on its way to stopping. */
    public void draining(boolean draining) {
        drainingState.set(draining ? 1 : 0);
    }

    /** A client told to reconnect elsewhere (4200) because the node is stopping. */
    public void toldToReconnect(String app) {
        counter("herald_drain_reconnects", "Clients told to reconnect elsewhere (4200) because the node is stopping",
                "app", app).increment();
    }

    // ---- the per-app meters, one place each for name and help ---------------------------------

    private ConnectionUsage connectionUsage(String app) {
        ConnectionUsage usage = connections.get(app);
        if (usage == null) {
            usage = connections.computeIfAbsent(app, key -> {
                ConnectionUsage created = new ConnectionUsage(System::nanoTime);
                Gauge.builder("herald_connections", created, ConnectionUsage::open)
                        .description("Open WebSocket connections").tag("app", key).register(registry);
                Gauge.builder("herald_connections_peak", created, ConnectionUsage::peak)
                        .description("Most WebSocket connections open at once since the node started")
                        .tag("app", key).register(registry);
                FunctionCounter.builder("herald_connection_seconds", created, ConnectionUsage::connectionSeconds)
                        .description("Open connections integrated over time: one connection open for one second adds 1")
                        .tag("app", key).register(registry);
                return created;
            });
        }
        return usage;
    }

    private Counter connectionsOpened(String app) {
        return counter("herald_connections_opened", "New WebSocket connections accepted", "app", app);
    }

    private Counter slowConsumersClosed(String app) {
        return counter("herald_slow_consumers_closed", "Connections closed because they could not keep up", "app", app);
    }

    private AtomicLong subscriptions(String app) {
        return gauge("herald_subscriptions", "Channel subscriptions held by connections", app);
    }

    private AtomicLong channels(String app) {
        return gauge("herald_channels", "Channels with at least one subscriber on this node", app);
    }

    private Counter messagesReceived(String app) {
        return counter("herald_messages_received", "WebSocket messages received from clients", "app", app);
    }

    private Counter bytesReceived(String app) {
        return counter("herald_bytes_received", "Bytes (UTF-8 payload) of WebSocket messages received from clients",
                "app", app);
    }

    private Counter messagesSent(String app) {
        return counter("herald_messages_sent",
                "Channel messages delivered to subscribers (events, member and count updates, messages to users)",
                "app", app);
    }

    private Counter bytesSent(String app) {
        return counter("herald_bytes_sent", "Bytes (whole WebSocket frames) of channel messages delivered to subscribers",
                "app", app);
    }

    private Counter eventsPublished(String app, String source) {
        return counter("herald_events_published", "Events published to channels through the HTTP API (source=api)",
                "app", app, "source", source);
    }

    private Counter clientEvents(String app) {
        return counter("herald_client_events", "Client events accepted and relayed", "app", app);
    }

    private Counter apiBytesReceived(String app) {
        return counter("herald_api_bytes_received", "Bytes of HTTP API request bodies received", "app", app);
    }

    /**
     * A counter's name and labels as the cache's key. Built of the caller's strings, whose hashes
     * the JVM keeps: a lookup on the request path hashes a few cached ints, where a joined string
     * key was built and hashed character by character on every call.
     */
    private record MeterKey(String name, String[] tags) {
        @Override
        public boolean equals(Object other) {
            return other instanceof MeterKey key && name.equals(key.name) && Arrays.equals(tags, key.tags);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(tags);
        }
    }

    private Counter counter(String name, String help, String... tags) {
        MeterKey key = new MeterKey(name, tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k ->
                    Counter.builder(name).description(help).tags(Tags.of(tags)).register(registry));
        }
        return counter;
    }

    private AtomicLong gauge(String name, String help, String app) {
        String key = name + "\u0000" + app;
        AtomicLong value = gauges.get(key);
        if (value == null) {
            value = gauges.computeIfAbsent(key, k -> {
                AtomicLong holder = new AtomicLong();
                Gauge.builder(name, holder, AtomicLong::get).description(help).tag("app", app).register(registry);
                return holder;
            });
        }
        return value;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
