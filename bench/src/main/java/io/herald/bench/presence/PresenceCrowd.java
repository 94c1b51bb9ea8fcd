package io.herald.bench.presence;

import io.herald.bench.client.ClientPipeline;
import io.herald.bench.client.ClientTransport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Every connection of a presence run, on a few Netty event loops in this process: the observers
 * first, then the members, opened at the spec's pace. {@link #toggle} makes a member join or
 * leave. Started, toggled and stopped from controlling threads; the connections live on their
 * event loops.
 */
public final class PresenceCrowd implements AutoCloseable {

    private static final long PACE_MILLIS = 10;

    private final PresenceSpec spec;
    private final PresenceCounters counters;
    private final PresenceConnection[] members;
    private final EventLoopGroup group;
    private final ChannelGroup channels;
    private final Bootstrap bootstrap;
    private final InetSocketAddress server;
    private ScheduledFuture<?> pacer;
    private long startNanos;
    private int next;

    public PresenceCrowd(PresenceSpec spec) {
        this.spec = spec;
        this.counters = new PresenceCounters(spec.channels(), spec.members());
        this.members = new PresenceConnection[spec.members()];
        ClientTransport transport = ClientTransport.choose();
        this.group = transport.newGroup(spec.threads(), "bench-presence");
        this.channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        int port = spec.url().getPort() > 0 ? spec.url().getPort() : 80;
        this.server = new InetSocketAddress(spec.url().getHost(), port);
        this.bootstrap = transport.bootstrap(group, spec.setupTimeoutMillis());
    }

    public PresenceCounters counters() {
        return counters;
    }

    /** Starts opening connections; returns at once. */
    public void start() {
        startNanos = System.nanoTime();
        pacer = group.next().scheduleAtFixedRate(this::openDue, 0, PACE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Every connection has been started and is ready or failed. */
    public boolean setupDone() {
        return counters.started() >= spec.connections() && counters.pending() == 0;
    }

    /** Member {@code member} joins its channel, or leaves it when it is in: the action due at {@code scheduledNanos}. */
    public void toggle(int member, long scheduledNanos) {
        PresenceConnection connection = members[member];
        if (connection == null) {
            counters.actionSkipped(scheduledNanos);
        } else {
            connection.toggle(scheduledNanos);
        }
    }

    /** Runs on one event loop every few milliseconds: opens the connections now due, observers first. */
    private void openDue() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = Math.min(spec.connections(), (long) Math.floor(elapsed * spec.ratePerSecond()) + 1);
        while (next < due && counters.pending() < spec.maxPending()) {
            int i = next++;
            PresenceConnection connection;
            if (i < spec.observers()) {
                connection = PresenceConnection.observer(i, spec, counters);
            } else {
                connection = PresenceConnection.member(i - spec.observers(), spec, counters);
                members[i - spec.observers()] = connection;
            }
            open(i, connection);
        }
        if (next >= spec.connections() && pacer != null) {
            pacer.cancel(false);
        }
    }

    private void open(int index, PresenceConnection connection) {
        counters.connectionStarted();
        Bootstrap one = bootstrap.clone().handler(ClientPipeline.initializer(spec.url(), spec.setupTimeoutMillis(), connection));
        String source = spec.sourceAddress(index);
        ChannelFuture connect = source == null ? one.connect(server) : one.connect(server, new InetSocketAddress(source, 0));
        channels.add(connect.channel());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                connection.connectFailed(done.cause());
            }
        });
    }

    /** Stops counting and closes every connection, waiting a few seconds at most. */
    public void stop() {
        counters.stopping();
        if (pacer != null) {
            pacer.cancel(false);
        }
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stop();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
