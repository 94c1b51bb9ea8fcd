package io.herald.node;

import io.herald.api.ApiRequestHandler;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.app.StaticAppRegistry;
import io.herald.channel.CacheStore;
import io.herald.channel.ChannelHub;
import io.herald.channel.LocalChannels;
import io.herald.channel.WebhookEmitter;
import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.cluster.ClusterDrivers;
import io.herald.cluster.ClusterHub;
import io.herald.cluster.ClusterLink;
import io.herald.config.ClusterConfig;
import io.herald.config.HeraldConfig;
import io.herald.config.WebhooksConfig;
import io.herald.connection.LoopShard;
import io.herald.connection.LoopShards;
import io.herald.gateway.Gateway;
import io.herald.gateway.WebSocketUpgrade;
import io.herald.metrics.HeraldMetrics;
import io.herald.outbox.WebhookOutbox;
import io.herald.queue.WebhookQueues;
import io.herald.sender.SenderMetrics;
import io.herald.sender.WebhookSender;
import io.herald.transport.AddressLimits;
import io.herald.transport.HttpListener;
import io.herald.transport.HttpRouter;
import io.herald.transport.MetricsRouter;
import io.herald.transport.ServerTls;
import io.herald.transport.TransportMetrics;
import io.herald.transport.Transports;
import io.netty.channel.EventLoopGroup;
import io.herald.webhook.WebhookQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Herald node: its listeners, gateway, HTTP API and metrics, wired from a
 * {@link HeraldConfig}. {@link #start} returns once every listener is bound; {@link #drain} stops
 * it the way SIGTERM does, {@link #close} stops it at once. Both run the same
 * {@link ShutdownSequence}.
 */
public final class HeraldNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldNode.class);
    private static final long SWEEP_MILLIS = 1_000;
    private static final long LOOP_QUIET_MILLIS = 50;
    private static final long LOOP_STOP_MILLIS = 3_000;
    private static final long MIN_OUTBOX_FLUSH_MILLIS = 2_000;

    private final HeraldConfig config;
    private final HeraldMetrics metrics = new HeraldMetrics();
    private final Transports transports;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final LoopShards shards;
    private final LocalChannels channels;
    private final ClusterLink cluster;
    private final ChannelHub hub;
    private final Gateway gateway;
    private final AppRegistry apps;
    private final WebhookQueue webhookQueue;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final List<HttpListener> listeners = new ArrayList<>();
    private HttpListener main;
    private HttpListener metricsListener;
    private ServerTls tls;
    private final ShutdownSequence shutdown = new ShutdownSequence();
    private final CountDownLatch hurried = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();
    private volatile boolean ready;

    private HeraldNode(HeraldConfig config, ClusterDrivers drivers) {
        this.config = config;
        String nodeId = ClusterDrivers.nodeId(config.cluster());
        HeraldConfig.ServerConfig server = config.server();
        this.transports = Transports.choose(server.transport());
        int loops = server.eventLoops() > 0 ? server.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.boss = transports.newGroup(1, "herald-accept");
        this.workers = transports.newGroup(loops, "herald-io");
        this.shards = new LoopShards(workers);
        LongSupplier clock = System::currentTimeMillis;
        CacheStore cache = new CacheStore(clock);
        var users = new io.herald.user.UserDirectory();
        this.apps = new StaticAppRegistry(config.apps());
        config.apps().forEach(app -> metrics.registerApp(app.id()));
        metrics.readiness(this::isReady);
        WebhooksConfig webhooks = config.webhooks();
        boolean anyEndpoints = config.apps().stream().anyMatch(app -> !app.webhooks().isEmpty());
        this.webhookQueue = anyEndpoints ? WebhookQueues.open(webhooks) : null;
        this.sender = anyEndpoints && webhooks.sender().enabled()
                ? WebhookSender.start(webhookQueue, apps, webhooks.sender(), SenderMetrics.of(metrics))
                : null;
        this.outbox = anyEndpoints
                ? new WebhookOutbox(webhookQueue, metrics.outbox(), webhooks.batchMaxEvents(), webhooks.batchMaxWait(),
                        webhooks.debounce(), clock, sender == null ? () -> { } : sender::wake)
                : null;
        WebhookEmitter emitter = outbox == null ? WebhookEmitter.NONE : outbox::emit;
        this.channels = new LocalChannels(shards, cache, users, metrics, emitter, clock);
        ClusterConfig clusterConfig = config.cluster();
        this.cluster = clusterConfig.enabled()
                ? joinCluster(drivers, clusterConfig, nodeId, users, emitter)
                : null;
        this.hub = cluster == null ? channels : new ClusterHub(channels, cluster);
        this.gateway = new Gateway(server, apps, channels, cache, users, metrics, emitter, clock, cluster);
        scheduleHousekeeping(cache);
        registerShutdownSteps();
    }

    private ClusterLink joinCluster(ClusterDrivers drivers, ClusterConfig clusterConfig, String nodeId,
            io.herald.user.UserDirectory users, WebhookEmitter emitter) {
        BusCounters counters = new BusCounters();
        Bus bus = drivers.bus(clusterConfig, nodeId, counters);
        try {
            return ClusterLink.link(bus, counters, drivers.state(clusterConfig, nodeId), clusterConfig.heartbeat(), apps,
                    channels, users, emitter, metrics.registry(), this::connectionsByApp);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    public static HeraldNode start(HeraldConfig config) {
        return start(config, ClusterDrivers.CONFIGURED);
    }

    /** A node whose cluster (when {@code cluster.enabled}) runs on the given drivers. */
    public static HeraldNode start(HeraldConfig config, ClusterDrivers drivers) {
        HeraldNode node = new HeraldNode(config, drivers);
        try {
            node.bind();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    private void bind() {
        HeraldConfig.ServerConfig server = config.server();
        boolean metricsTls = config.metrics().enabled() && config.metrics().tls();
        if (server.tls().enabled() || metricsTls) {
            tls = ServerTls.start(server.tls(), metrics.tls());
        }
        if (cluster != null) {
            cluster.start();
            LOG.info("Joined the cluster as node {} (state: redis, bus: {})", cluster.nodeId(),
                    config.cluster().bus().name().toLowerCase(java.util.Locale.ROOT));
        }
        TransportMetrics transportMetrics = new TransportMetrics(metrics.registry());
        HeraldConfig.PerAddress perAddress = server.perAddress();
        AddressLimits limits = perAddress.limits()
                ? new AddressLimits(perAddress.maxConnections(), perAddress.connectionsPerSecond(), System::nanoTime)
                : null;
        // Behind a proxy every TCP connection comes from the proxy: clients are counted at the upgrade, by its header.
        boolean byHeader = !perAddress.addressHeader().isEmpty();
        WebSocketUpgrade upgrade = new WebSocketUpgrade(gateway, shards, server.maxMessageSize(), byHeader ? limits : null,
                perAddress.addressHeader(), transportMetrics);
        ApiRequestHandler api = new ApiRequestHandler(apps, hub, metrics, server, Clock.systemUTC());
        main = HttpListener.bind("gateway", transports, boss, workers, server.host(), server.port(),
                server.maxRequestSize(), server.maxOutboundBuffer(), server.tls().enabled() ? tls : null,
                new HttpListener.Guards(server.requestTimeout(), byHeader ? null : limits, transportMetrics),
                () -> new HttpRouter(server.pathPrefix(), upgrade, api::handle, this::isReady));
        listeners.add(main);
        if (config.metrics().enabled()) {
            metricsListener = HttpListener.bind("metrics", transports, boss, workers, config.metrics().host(),
                    config.metrics().port(), 65536, 1 << 20, metricsTls ? tls : null,
                    new HttpListener.Guards(server.requestTimeout(), null, transportMetrics),
                    () -> new MetricsRouter(metrics::scrape, this::isReady));
            listeners.add(metricsListener);
        }
        ready = true;
        LOG.info("Herald listening on {}:{} ({}{} transport, {} event loops){}", server.host(), main.port(),
                server.tls().enabled() ? "TLS, " : "", transports.name(), shards.count(),
                metricsListener == null ? "" : "; metrics on " + config.metrics().host() + ":" + metricsListener.port()
                        + (metricsTls ? " (TLS)" : ""));
        for (AppConfig app : config.apps()) {
            LOG.info("Serving app id={} key={}{}", app.id(), app.key(), app.enabled() ? "" : " (disabled)");
        }
    }

    private void scheduleHousekeeping(CacheStore cache) {
        for (int i = 0; i < shards.count(); i++) {
            LoopShard shard = shards.get(i);
            shard.loop().scheduleAtFixedRate(() -> gateway.sweep(shard), SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
        shards.get(0).loop().scheduleAtFixedRate(cache::purgeExpired, 60, 60, TimeUnit.SECONDS);
    }

    /** True from the end of {@link #start} until the node begins to stop. */
    public boolean isReady() {
        return ready;
    }

    /** The bound WebSocket and HTTP API port (the real one when configured as 0). */
    public int port() {
        return main.port();
    }

    /** The bound metrics port, or -1 when metrics are disabled. */
    public int metricsPort() {
        return metricsListener == null ? -1 : metricsListener.port();
    }

    public ChannelHub hub() {
        return hub;
    }

    /** This node's cluster link, when it runs in a cluster. */
    public java.util.Optional<ClusterLink> cluster() {
        return java.util.Optional.ofNullable(cluster);
    }

    /** The node's TLS certificate holder, when TLS is on for a listener. */
    public java.util.Optional<ServerTls> tls() {
        return java.util.Optional.ofNullable(tls);
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    /** Webhook events and jobs the outbox still holds in memory (debounced, batched, not yet queued). */
    public int webhookBacklogInMemory() {
        return outbox == null ? 0 : outbox.heldInMemory();
    }

    /** The webhook queue, when some app has webhook endpoints. */
    public java.util.Optional<WebhookQueue> webhookQueue() {
        return java.util.Optional.ofNullable(webhookQueue);
    }

    public HeraldConfig config() {
        return config;
    }

    private java.util.Map<String, Integer> connectionsByApp() {
        return gateway.connectionsByApp();
    }

    /** Open client connections on this node. */
    public int connections() {
        return gateway.connections();
    }

    /**
     * Drains and stops the node (what SIGTERM does): see {@link ShutdownStage} for the order and
     * {@code server.drain} for the timing. Blocks until the node has stopped; a second caller
     * waits for the first. Returns true when every step succeeded.
     */
    public boolean drain() {
        if (!stopping.compareAndSet(false, true)) {
            return stopped.join();
        }
        boolean clean = false;
        try {
            LOG.info("Herald stopping{}", hurried.getCount() == 0 ? " now" : ", draining");
            clean = shutdown.run(new ShutdownDeadline(Duration.ofSeconds(config.server().drain().window()), hurried));
            metrics.close();
            LOG.info("Herald stopped{}", clean ? "" : " (some shutdown steps failed, see above)");
        } finally {
            stopped.complete(clean);
        }
        return clean;
    }

    /**
     * Ends a drain at once (a second SIGTERM): the clients left are told to reconnect in one go,
     * webhooks in flight are returned to the queue, and the outbox is still flushed to it.
     */
    public void hurry() {
        hurried.countDown();
    }

    /** True once the node has stopped and every shutdown step succeeded. */
    public boolean stoppedCleanly() {
        return stopped.getNow(false);
    }

    /** Stops the node now: a drain that is hurried from the start. */
    @Override
    public void close() {
        hurry();
        drain();
    }

    /** The node's shutdown, stage by stage; a part wired into the node adds its step here. */
    private void registerShutdownSteps() {
        shutdown.add(ShutdownStage.STOP_ACCEPTING, "readiness", deadline -> {
            ready = false;
            metrics.draining(true);
            gateway.refuseNewConnections();
        });
        shutdown.add(ShutdownStage.DRAIN_CLIENTS, "clients", new ClientDrain(gateway, shards,
                config.server().drain().batches(), Duration.ofSeconds(config.server().drain().window()))::run);
        shutdown.add(ShutdownStage.STOP_LISTENING, "listeners", deadline -> {
            listeners.forEach(HttpListener::close);
            if (tls != null) {
                tls.close();
            }
            workers.shutdownGracefully(LOOP_QUIET_MILLIS, LOOP_STOP_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, LOOP_STOP_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
        });
        if (cluster != null) {
            // Before the outbox: leaving decides transitions (a last member anywhere) whose webhooks go there.
            shutdown.add(ShutdownStage.RELEASE_CLUSTER_STATE, "cluster state", deadline -> cluster.close());
        }
        if (outbox != null) {
            // Handing over detected webhooks matters more than the window: a refusing queue gets a few seconds more.
            shutdown.add(ShutdownStage.FLUSH_OUTBOX, "webhook outbox", deadline -> {
                if (!outbox.close(Math.max(deadline.remaining().toMillis(), MIN_OUTBOX_FLUSH_MILLIS))) {
                    throw new IllegalStateException("webhook jobs held in memory could not be queued (see above)");
                }
            });
        }
        if (sender != null) {
            shutdown.add(ShutdownStage.STOP_SENDER, "webhook sender", deadline ->
                    sender.close(deadline.isHurried() ? Duration.ZERO : deadline.remaining()));
        }
        if (webhookQueue != null) {
            shutdown.add(ShutdownStage.CLOSE_QUEUE, "webhook queue", deadline -> webhookQueue.close());
        }
    }
}
