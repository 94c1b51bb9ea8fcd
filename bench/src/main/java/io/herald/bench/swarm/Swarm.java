package io.herald.bench.swarm;

import io.herald.bench.client.ClientPipeline;
import io.herald.bench.client.ClientTransport;
import io.herald.bench.client.SubscriberHandler;
import io.herald.bench.server.ProcFiles;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.herald.bench.client.ReconnectBackoff;
import io.herald.bench.client.Resubscription;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The subscriber connections of one process on a few Netty event loops (never a thread per
 * socket). {@link #start} opens them at the spec's pace; {@link #status} and {@link #stop} are
 * called from one controlling thread.
 */
public final class Swarm implements AutoCloseable {

    private static final long PACE_MILLIS = 10;

    private final SwarmSpec spec;
    private final SwarmCounters counters;
    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final Bootstrap bootstrap;
    private final InetSocketAddress server;
    private final Histogram latency = SwarmReport.emptyHistogram();
    /** Latencies since the last {@link #takeLatencyInterval()}, for the report's per-second percentiles. */
    private final Histogram interval = SwarmReport.emptyHistogram();
    /** The node each connection last went to, for a reconnection to pick another. */
    private final Map<Integer, URI> connections = new ConcurrentHashMap<>();
    /** This process's connections per node, for a reconnection to go where there are fewest. */
    private final Map<URI, AtomicInteger> perNode = new ConcurrentHashMap<>();
    private final NodesAway away = new NodesAway();
    private volatile boolean stopping;
    private ScheduledFuture<?> pacer;
    private long startNanos;
    private int next;

    public Swarm(SwarmSpec spec) {
        this.spec = spec;
        this.counters = new SwarmCounters(spec.channels());
        ClientTransport transport = ClientTransport.choose();
        this.group = transport.newGroup(spec.threads(), "bench-client");
        this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        int port = spec.url().getPort() > 0 ? spec.url().getPort() : 80;
        this.server = new InetSocketAddress(spec.url().getHost(), port);
        this.bootstrap = transport.bootstrap(group, spec.setupTimeoutMillis());
    }

    /** Starts opening connections; returns at once. */
    public void start() {
        startNanos = System.nanoTime();
        pacer = group.next().scheduleAtFixedRate(this::openDue, 0, PACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs on one event loop every few milliseconds: opens the connections now due. */
    private void openDue() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = Math.min(spec.connections(), (long) Math.floor(elapsed * spec.ratePerSecond()) + 1);
        while (next < due && counters.pending() < spec.maxPending()) {
            open(next++);
        }
        if (next >= spec.connections() && pacer != null) {
            pacer.cancel(false);
        }
    }

    private void open(int index) {
        counters.connectionStarted();
        open(index, spec.url(), null);
    }

    /** Opens connection {@code index} to {@code url}: its first, or its next after a node told it to reconnect. */
    private void open(int index, URI url, Resubscription resuming) {
        int channelIndex = spec.channelIndex(index);
        Resubscription.Reconnector reconnector = spec.reconnectUrls().isEmpty() ? null : this::reconnect;
        SubscriberHandler handler = new SubscriberHandler(spec.channelName(channelIndex), channelIndex, counters,
                spec.setupTimeoutMillis(), null, subscribed -> { }, index, resuming, reconnector);
        Bootstrap connection = bootstrap.clone().handler(ClientPipeline.initializer(url, spec.setupTimeoutMillis(), handler));
        InetSocketAddress target = url.equals(spec.url()) ? server : address(url);
        String source = spec.sourceAddress(index);
        ChannelFuture connect = source == null
                ? connection.connect(target)
                : connection.connect(target, new InetSocketAddress(source, 0));
        if (reconnector != null) {
            connections.put(index, url);
            perNode.computeIfAbsent(url, u -> new AtomicInteger()).incrementAndGet();
        }
        channels.add(connect.channel());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                handler.connectFailed(done.cause());
            }
        });
    }

    /**
     * A node told connection {@code index} to reconnect, or its last reconnection failed: it goes,
     * after {@link ReconnectBackoff}'s wait (none the first time), to the node holding the fewest of
     * this process's connections among those not {@linkplain NodesAway away}, as behind a
     * least-connections load balancer that takes a node out once it turns away clients (at random,
     * a rolling restart would pile the later waves on the nodes restarted last, past their
     * open-file limit; by count alone, every retry would go to the node draining, which holds the
     * fewest).
     */
    private void reconnect(int index, Resubscription resubscription) {
        if (stopping) {
            return;
        }
        URI left = connections.get(index);
        AtomicInteger leftCount = perNode.get(left);
        if (leftCount != null) {
            leftCount.decrementAndGet();
        }
        if (left != null) {
            away.turnedAway(left, System.nanoTime());
        }
        long delay = ReconnectBackoff.delayMillis(resubscription.attempt(), ThreadLocalRandom.current().nextDouble());
        Runnable go = () -> {
            if (!stopping) {
                open(index, pick(left), resubscription);
            }
        };
        if (delay == 0) {
            go.run();
        } else {
            group.next().schedule(go, delay, TimeUnit.MILLISECONDS);
        }
    }

    private URI pick(URI left) {
        List<URI> candidates = away.present(spec.reconnectUrls(), System.nanoTime());
        return leastLoaded(candidates, left, perNode, ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /**
     * The node of {@code urls} other than {@code left} (unless it is the only one) with the fewest
     * connections in {@code counts}; ties go to the first found from {@code start} on, so that a
     * wave spreads over equal nodes.
     */
    static URI leastLoaded(List<URI> urls, URI left, Map<URI, AtomicInteger> counts, int start) {
        URI best = null;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < urls.size(); i++) {
            URI url = urls.get((start + i) % urls.size());
            if (url.equals(left) && urls.size() > 1) {
                continue;
            }
            AtomicInteger count = counts.get(url);
            int held = count == null ? 0 : count.get();
            if (held < fewest) {
                fewest = held;
                best = url;
            }
        }
        return best;
    }

    private static InetSocketAddress address(URI url) {
        return new InetSocketAddress(url.getHost(), url.getPort() > 0 ? url.getPort() : 80);
    }

    public synchronized SwarmStatus status() {
        drainLatency();
        return new SwarmStatus(spec.connections(), counters.startedCount(), counters.pending(), counters.subscribedCount(),
                counters.failedCount(), counters.droppedCount(), counters.measuredDeliveries(),
                counters.warmupDeliveries(), latency.getTotalCount() == 0 ? 0 : latency.getValueAtPercentile(99),
                ProcFiles.ownCpuTicks());
    }

    /** The latencies recorded since the previous call (a copy; the interval starts again empty). */
    public synchronized Histogram takeLatencyInterval() {
        drainLatency();
        Histogram taken = interval.copy();
        interval.reset();
        return taken;
    }

    private void drainLatency() {
        Histogram recent = counters.takeLatency();
        latency.add(recent);
        interval.add(recent);
    }

    /** Closes every connection (waiting a few seconds at most) and returns the final account. */
    public synchronized SwarmReport stop() {
        stopping = true;
        counters.stopping();
        if (pacer != null) {
            pacer.cancel(false);
        }
        SwarmStatus status = status();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        return new SwarmReport(status, counters.failures(), counters.drops(), counters.subscribedPerChannel(),
                counters.receivedPerChannel(), counters.outOfOrder(), counters.duplicates(), counters.gaps(),
                counters.subscribersWithGaps(), counters.connectSeconds(), SwarmReport.encode(latency), counters.reconnects());
    }

    @Override
    public void close() {
        stopping = true;
        counters.stopping();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
