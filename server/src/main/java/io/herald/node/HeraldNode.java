package io.herald.node;

import io.herald.admin.AdminApi;
import io.herald.api.ApiException;
import io.herald.api.ApiRequestHandler;
import io.herald.api.LocalRateCounts;
import io.herald.api.RateCounts;
import io.herald.api.SharedRateCounts;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.appstore.AppStores;
import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.channel.ChannelFanOut;
import io.herald.channel.ChannelHub;
import io.herald.channel.LocalChannels;
import io.herald.cluster.ClusterState;
import io.herald.cluster.SharedRateWindows;
import io.herald.config.ClusterConfig;
import io.herald.config.HeraldConfig;
import io.herald.config.WebhooksConfig;
import io.herald.connection.LoopShard;
import io.herald.connection.LoopShards;
import io.herald.console.ConsoleCalls;
import io.herald.console.ConsoleRouter;
import io.herald.console.NodeOverview;
import io.herald.debug.DebugTap;
import io.herald.gateway.Gateway;
import io.herald.gateway.WebSocketUpgrade;
import io.herald.link.AfterWebhooks;
import io.herald.link.Announcer;
import io.herald.link.BusRelay;
import io.herald.link.ClientAnnouncements;
import io.herald.link.ClusterDrivers;
import io.herald.link.ClusterHub;
import io.herald.link.ClusterLink;
import io.herald.link.ClusterMetrics;
import io.herald.link.DebugAnnouncements;
import io.herald.link.DebugRelay;
import io.herald.link.NodeLease;
import io.herald.link.NodeOverviews;
import io.herald.link.NodeShare;
import io.herald.link.WebhookAnnouncements;
import io.herald.metrics.HeraldMetrics;
import io.herald.outbox.OutboxMetrics;
import io.herald.outbox.WebhookEmitter;
import io.herald.outbox.WebhookOutbox;
import io.herald.queue.WebhookQueues;
import io.herald.sender.ClusterDebounceCheck;
import io.herald.sender.DebounceCheck;
import io.herald.sender.SenderMetrics;
import io.herald.sender.WebhookSender;
import io.herald.transport.AddressLimits;
import io.herald.transport.HttpListener;
import io.herald.transport.HttpRouter;
import io.herald.transport.MetricsRouter;
import io.herald.transport.ServerTls;
import io.herald.transport.TlsMetrics;
import io.herald.transport.TransportMetrics;
import io.herald.transport.Transports;
import io.herald.user.UserDirectory;
import io.herald.webhook.WebhookQueue;
import io.netty.channel.EventLoopGroup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private final ClusterLink cluster;
    private final ChannelHub hub;
    private final Gateway gateway;
    private final AppRegistry apps;
    private final BusRelay relay;
    private final RateCounts rateCounts;
    private SharedRateWindows rateWindows;
    private final ExecutorService adminChanges = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "herald-admin");
        thread.setDaemon(true);
        return thread;
    });
    private final WebhookQueue webhookQueue;
    private final WebhookOutbox outbox;
    private final WebhookSender sender;
    private final List<HttpListener> listeners = new ArrayList<>();
    private HttpListener main;
    private HttpListener metricsListener;
    private ServerTls tls;
    private final ShutdownSequence shutdown = new ShutdownSequence();
    private final ShutdownClock shutdownClock;
    private final CountDownLatch hurried = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();
    private volatile boolean ready;
    private final DebugTap debug;
    private final DebugRelay debugRelay;
    private final NodeOverviews overviews;

    private HeraldNode(HeraldConfig config, ClusterDrivers drivers, ShutdownClock shutdownClock) {
        this.config = config;
        this.shutdownClock = shutdownClock;
        // First: a store that cannot be read stops the start before anything else is opened.
        this.apps = AppStores.open(config, metrics.registry());
        String nodeId = ClusterDrivers.nodeId(config.cluster());
        HeraldConfig.ServerConfig server = config.server();
        this.transports = Transports.choose(server.transport());
        int loops = server.eventLoops() > 0 ? server.eventLoops() : Runtime.getRuntime().availableProcessors();
        this.boss = transports.newGroup(1, "herald-accept");
        this.workers = transports.newGroup(loops, "herald-io");
        this.shards = new LoopShards(workers);
        LongSupplier clock = System::currentTimeMillis;
        if (!config.appStore().driver().isSql()) {
            // A store may hold thousands of apps: their series appear with their first use, not all at start.
            apps.known().forEach(app -> metrics.registerApp(app.id()));
        }
        metrics.readiness(this::isReady);
        ClusterConfig clusterConfig = config.cluster();
        BusCounters busCounters = new BusCounters();
        ClusterDrivers chosen = clusterConfig.enabled() ? drivers : ClusterDrivers.ALONE;
        Bus bus = chosen.bus(clusterConfig, nodeId, busCounters);
        ClusterState state;
        try {
            state = chosen.state(clusterConfig, nodeId);
        } catch (RuntimeException e) {
            bus.close();
            throw e;
        }
        WebhooksConfig webhooks = config.webhooks();
        boolean anyEndpoints = apps.mayHaveWebhooks();
        try {
            this.webhookQueue = anyEndpoints ? WebhookQueues.open(webhooks) : null;
            this.sender = anyEndpoints && webhooks.sender().enabled()
                    ? WebhookSender.start(webhookQueue, apps, webhooks.sender(), new SenderMetrics(metrics.registry()),
                            debounceCheck(webhooks, webhookQueue, state))
                    : null;
        } catch (RuntimeException e) {
            state.close();
            bus.close();
            throw e;
        }
        this.outbox = anyEndpoints
                ? new WebhookOutbox(webhookQueue, new OutboxMetrics(metrics.registry()), webhooks.batchMaxEvents(),
                        webhooks.debounce(), clock, sender == null ? () -> { } : sender::wake)
                : null;
        WebhookEmitter emitter = outbox == null ? WebhookEmitter.NONE : outbox;
        this.debug = new DebugTap(nodeId, clock);
        if (sender != null) {
            sender.tellConsoles(debug);
        }
        LocalChannels channels = new LocalChannels(shards, metrics);
        UserDirectory users = new UserDirectory();
        HeraldConfig.ConsoleConfig console = config.admin().console();
        this.debugRelay = new DebugRelay(bus, debug, clock, console.debugEventsPerSecond(), console.debugBuffer());
        NodeOverview overview = new NodeOverview(nodeId, metrics.registry(), metrics.recentUsage(), this::isReady, clock,
                () -> main == null ? 0 : main.port(), server.tls().enabled());
        this.overviews = new NodeOverviews(bus, overview::describe, clock);
        BusRelay relay = new BusRelay(bus, apps, new ChannelFanOut(channels, shards, metrics), users, metrics,
                message -> debugRelay.onMessage(message) || overviews.onMessage(message));
        this.relay = relay;
        Announcer announcer = new Announcer(apps, channels, shards.get(0).loop(), clock,
                List.of(new WebhookAnnouncements(emitter), new AfterWebhooks(emitter, new ClientAnnouncements(relay)),
                        new DebugAnnouncements(debug)));
        NodeLease lease = new NodeLease(state, announcer, new ClusterMetrics(metrics.registry(), bus, busCounters, state),
                new NodeShare(channels, users, this::connectionsByApp), this::connectionsByApp, clusterConfig.heartbeat());
        this.cluster = new ClusterLink(state, channels, users, relay, announcer, lease);
        this.hub = new ClusterHub(state, relay, lease, metrics);
        this.gateway = new Gateway(server, apps, cluster, metrics, emitter, clock, debug);
        this.rateCounts = rateCounts(chosen.rateWindows(clusterConfig));
        apps.onChange(this::appChanged);
        scheduleHousekeeping();
        registerShutdownSteps();
    }

    /** The admin API and, unless switched off, the console; nothing when no admin token is configured. */
    private MetricsRouter.AdminHandler adminPaths(ApiRequestHandler api) {
        if (!config.admin().enabled()) {
            return (ctx, request, path) -> false;
        }
        AdminApi adminApi = new AdminApi(config.admin(), config.webhooks().endpointDefaults(), apps,
                this::connectionsAcrossCluster, this::changedThroughAdmin, adminChanges, Clock.systemUTC());
        HeraldConfig.ConsoleConfig console = config.admin().console();
        if (!console.enabled()) {
            return adminApi;
        }
        ConsoleCalls calls = new ConsoleCalls(apps, hub, debug, api::publish,
                error -> error instanceof ApiException refused ? refused.status() : null, overviews::all, console);
        boolean overTls = config.metrics().tls();
        return new ConsoleRouter(adminApi, console, calls, overTls, System::currentTimeMillis);
    }

    /** Per-app rate limits counted on the shared windows when there are some, else this node's share. */
    private RateCounts rateCounts(Optional<SharedRateWindows> shared) {
        LocalRateCounts local = new LocalRateCounts(System::nanoTime, cluster::liveNodes);
        if (shared.isEmpty()) {
            return local;
        }
        rateWindows = shared.get();
        LOG.info("Per-app rate limits counted across the cluster on {}", rateWindows.describe());
        return new SharedRateCounts(rateWindows, local, System::currentTimeMillis, metrics.registry());
    }

    /**
     * A queue that cannot cancel debounced jobs (NATS) has the sender drop, when due, those whose
     * channel, member or user is back per the cluster state.
     */
    static DebounceCheck debounceCheck(WebhooksConfig webhooks, WebhookQueue queue, ClusterState state) {
        return webhooks.debounce() > 0 && !queue.cancels() ? new ClusterDebounceCheck(state, false) : DebounceCheck.NONE;
    }

    /** Changed through the admin API here: read again at once, here and on every other node. */
    private void changedThroughAdmin(String appId) {
        apps.reload(appId);
        relay.appChanged(appId);
    }

    private long connectionsAcrossCluster(String appId) {
        return gateway.connectionsByApp().getOrDefault(appId, 0) + cluster.connectionsElsewhere(appId);
    }

    /** An app changed in the store: each loop brings its connections of the app in line. */
    private void appChanged(String appId, Optional<AppConfig> now) {
        LOG.info("App {} changed in the store{}", appId, now.isEmpty() ? ": removed" : now.get().enabled() ? "" : ": disabled");
        for (int i = 0; i < shards.count(); i++) {
            LoopShard shard = shards.get(i);
            shard.loop().execute(() -> gateway.appChanged(shard, appId, now));
        }
    }

    public static HeraldNode start(HeraldConfig config) {
        return start(config, ClusterDrivers.CONFIGURED);
    }

    /** A node whose cluster (when {@code cluster.enabled}) runs on the given drivers. */
    public static HeraldNode start(HeraldConfig config, ClusterDrivers drivers) {
        return start(config, drivers, ShutdownClock.SYSTEM);
    }

    /** A node whose shutdown runs on {@code shutdownClock}. */
    static HeraldNode start(HeraldConfig config, ClusterDrivers drivers, ShutdownClock shutdownClock) {
        HeraldNode node = new HeraldNode(config, drivers, shutdownClock);
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
            tls = ServerTls.start(server.tls(), new TlsMetrics(metrics.registry()));
        }
        cluster.start();
        debugRelay.start(shards.get(0).loop());
        overviews.start(shards.get(0).loop());
        shards.get(0).loop().scheduleAtFixedRate(metrics::sampleConnections, 1, 1, TimeUnit.SECONDS);
        if (config.cluster().enabled()) {
            LOG.info("Joined the cluster as node {} (state: redis, bus: {})", cluster.nodeId(),
                    config.cluster().bus().name().toLowerCase(Locale.ROOT));
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
        ApiRequestHandler api = new ApiRequestHandler(apps, hub, metrics, server, Clock.systemUTC(), rateCounts, debug);
        main = HttpListener.bind("gateway", transports, boss, workers, server.host(), server.port(),
                server.maxRequestSize(), server.maxOutboundBuffer(), server.tls().enabled() ? tls : null,
                new HttpListener.Guards(server.requestTimeout(), byHeader ? null : limits, transportMetrics),
                () -> new HttpRouter(server.pathPrefix(), upgrade::upgrade, api::handle, this::isReady));
        listeners.add(main);
        // The admin API is on the metrics port only, never on the port clients reach.
        MetricsRouter.AdminHandler admin = adminPaths(api);
        if (config.metrics().enabled()) {
            metricsListener = HttpListener.bind("metrics", transports, boss, workers, config.metrics().host(),
                    config.metrics().port(), 65536, 1 << 20, metricsTls ? tls : null,
                    new HttpListener.Guards(server.requestTimeout(), null, transportMetrics),
                    () -> new MetricsRouter(metrics::scrape, this::isReady, admin));
            listeners.add(metricsListener);
        }
        ready = true;
        LOG.info("Herald listening on {}:{} ({}{} transport, {} event loops){}", server.host(), main.port(),
                server.tls().enabled() ? "TLS, " : "", transports.name(), shards.count(),
                metricsListener == null ? "" : "; metrics on " + config.metrics().host() + ":" + metricsListener.port()
                        + (metricsTls ? " (TLS)" : ""));
        if (config.appStore().driver().isSql()) {
            LOG.info("Serving the apps of {}", apps.describe());
        } else {
            for (AppConfig app : apps.known()) {
                LOG.info("Serving app id={} key={}{}", app.id(), app.key(), app.enabled() ? "" : " (disabled)");
            }
        }
    }

    private void scheduleHousekeeping() {
        for (int i = 0; i < shards.count(); i++) {
            LoopShard shard = shards.get(i);
            shard.loop().scheduleAtFixedRate(() -> gateway.sweep(shard), SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
        }
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

    /** Where this node learns its apps. */
    public AppRegistry apps() {
        return apps;
    }

    public ChannelHub hub() {
        return hub;
    }

    /** The node's TLS certificate holder, when TLS is on for a listener. */
    public Optional<ServerTls> tls() {
        return Optional.ofNullable(tls);
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    /** Webhook events and jobs the outbox holds in memory: not yet written, or refused by the queue. */
    public int webhookBacklogInMemory() {
        return outbox == null ? 0 : outbox.heldInMemory();
    }

    /** The webhook queue, when some app has webhook endpoints. */
    public Optional<WebhookQueue> webhookQueue() {
        return Optional.ofNullable(webhookQueue);
    }

    public HeraldConfig config() {
        return config;
    }

    private Map<String, Integer> connectionsByApp() {
        return gateway.connectionsByApp();
    }

    /** The nodes of the cluster at the last heartbeat, this one included (1 when alone). */
    public int clusterNodes() {
        return cluster.liveNodes();
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
            clean = shutdown.run(new ShutdownDeadline(Duration.ofSeconds(config.server().drain().window()), hurried,
                    shutdownClock));
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
                config.server().drain().batches(), Duration.ofSeconds(config.server().drain().window()),
                config.server().drain().rate())::run);
        shutdown.add(ShutdownStage.STOP_LISTENING, "listeners", deadline -> {
            listeners.forEach(HttpListener::close);
            if (tls != null) {
                tls.close();
            }
            workers.shutdownGracefully(LOOP_QUIET_MILLIS, LOOP_STOP_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
            boss.shutdownGracefully(0, LOOP_STOP_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
        });
        // Before the outbox: leaving decides transitions (a last member anywhere) whose webhooks go there.
        shutdown.add(ShutdownStage.RELEASE_CLUSTER_STATE, "cluster state", deadline -> cluster.close());
        if (rateWindows != null) {
            shutdown.add(ShutdownStage.RELEASE_CLUSTER_STATE, "rate counts", deadline -> rateWindows.close());
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
        shutdown.add(ShutdownStage.CLOSE_APP_STORE, "app store", deadline -> {
            adminChanges.shutdownNow();
            apps.close();
        });
    }
}
