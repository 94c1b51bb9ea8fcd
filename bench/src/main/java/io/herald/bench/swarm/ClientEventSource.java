package io.herald.bench.swarm;

import io.herald.bench.client.BenchClock;
import io.herald.bench.client.BenchPayload;
import io.herald.bench.client.ChannelSigner;
import io.herald.bench.client.ClientPipeline;
import io.herald.bench.client.ClientTransport;
import io.herald.bench.client.SubscriberHandler;
import io.herald.json.JsonText;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Makes webhooks at a fixed rate: a few connections, each subscribed to its own private channel
 * ({@code private-bench-0}, {@code private-bench-1}, ...), send {@code client-bench} events in turn.
 * Every client event the node accepts becomes one {@code client_event} webhook event. Nobody else
 * listens on those channels, so the node's work is the webhook path alone.
 *
 * <p>Each event's data is a {@link BenchPayload} (phase, sequence number, send time on
 * {@link BenchClock}), which the webhook body carries back unchanged. The count of events due
 * follows the clock: a tick that runs late sends the events that fell due meanwhile. An event due
 * when its connection's outbound buffer is full (the node is not reading) is skipped and counted,
 * so a node that cannot keep up is never buried. Only sent events get a sequence number.
 */
public final class ClientEventSource implements AutoCloseable {

    /**
     * @param url the full WebSocket URL, {@code ws://host:port/app/KEY?protocol=7...}
     * @param signer the app's key and secret, to sign the private-channel subscriptions
     */
    public record Settings(URI url, ChannelSigner signer, int connections, String channelPrefix, String eventName,
            double eventsPerSecond, int payloadBytes, long setupTimeoutMillis, int threads) {

        public Settings {
            if (connections < 1 || eventsPerSecond <= 0 || payloadBytes < 0 || threads < 1) {
                throw new IllegalArgumentException("invalid client event source: " + connections + " connections, rate "
                        + eventsPerSecond + ", payload " + payloadBytes + ", " + threads + " threads");
            }
            if (!channelPrefix.startsWith("private-") || !eventName.startsWith("client-")) {
                throw new IllegalArgumentException("client events need a private channel and a client- event name, not "
                        + channelPrefix + "N and " + eventName);
            }
        }
    }

    private static final long TICK_MICROS = 1_000;

    private final Settings settings;
    private final SwarmCounters counters;
    private final EventLoopGroup group;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final List<Target> ready = new CopyOnWriteArrayList<>();
    private final Bootstrap bootstrap;
    private final InetSocketAddress server;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-client-events");
        thread.setDaemon(true);
        return thread;
    });
    private final LongAdder sentWarmup = new LongAdder();
    private final LongAdder sentMeasured = new LongAdder();
    private final LongAdder skippedMeasured = new LongAdder();
    private volatile boolean measuring;
    private ScheduledFuture<?> schedule;
    private long startNanos;
    private long eventsDone;
    private long seq;
    private int next;

    public ClientEventSource(Settings settings) {
        this.settings = settings;
        this.counters = new SwarmCounters(settings.connections());
        ClientTransport transport = ClientTransport.choose();
        this.group = transport.newGroup(settings.threads(), "bench-client");
        this.bootstrap = transport.bootstrap(group, settings.setupTimeoutMillis());
        int port = settings.url().getPort() > 0 ? settings.url().getPort() : 80;
        this.server = new InetSocketAddress(settings.url().getHost(), port);
    }

    /** Opens every connection; returns at once. */
    public void connect() {
        for (int i = 0; i < settings.connections(); i++) {
            open(i);
        }
    }

    private void open(int index) {
        String channel = settings.channelPrefix() + index;
        SubscriberHandler handler = new SubscriberHandler(channel, index, counters, settings.setupTimeoutMillis(),
                settings.signer(), subscribed -> ready.add(new Target(subscribed, channel)));
        counters.connectionStarted();
        ChannelFuture connect = bootstrap.clone()
                .handler(ClientPipeline.initializer(settings.url(), settings.setupTimeoutMillis(), handler))
                .connect(server);
        channels.add(connect.channel());
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                handler.connectFailed(done.cause());
            }
        });
    }

    /** Waits until every connection has subscribed or failed, at most {@code timeout}; answers how many subscribed. */
    public int awaitSetup(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (counters.pending() > 0 && System.nanoTime() < end) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return counters.subscribedCount();
    }

    /** Starts sending at the fixed rate; events are warm-up events until {@link #startMeasuring}. */
    public void startSending() {
        startNanos = System.nanoTime();
        schedule = ticker.scheduleAtFixedRate(this::sendDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    /** From the next event on, events belong to the measured phase. */
    public void startMeasuring() {
        measuring = true;
    }

    /** Stops sending; returns once the last tick has run. */
    public void stopSending() throws InterruptedException {
        if (schedule != null) {
            schedule.cancel(false);
        }
        ticker.shutdown();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Runs on the ticker thread: assigns the events now due to connections in turn, then writes them per connection. */
    private void sendDue() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = (long) Math.floor(elapsed * settings.eventsPerSecond()) + 1;
        boolean measured = measuring;
        Map<Target, List<Long>> batches = new HashMap<>();
        while (eventsDone < due) {
            eventsDone++;
            Target target = nextWritable();
            if (target == null) {
                if (measured) {
                    skippedMeasured.increment();
                }
                continue;
            }
            batches.computeIfAbsent(target, t -> new ArrayList<>()).add(seq++);
            (measured ? sentMeasured : sentWarmup).increment();
        }
        batches.forEach((target, seqs) -> target.channel().eventLoop().execute(() -> write(target, seqs, measured)));
    }

    /** The next subscribed connection in turn, or null when it cannot take more (or none is subscribed). */
    private Target nextWritable() {
        int size = ready.size();
        if (size == 0) {
            return null;
        }
        Target target = ready.get(Math.floorMod(next++, size));
        return target.channel().isActive() && target.channel().isWritable() ? target : null;
    }

    /** On the connection's event loop: the send time is read right before each write, one flush for all. */
    private void write(Target target, List<Long> seqs, boolean measured) {
        Channel channel = target.channel();
        for (long s : seqs) {
            String data = BenchPayload.data(measured, s, BenchClock.nowMicros(), settings.payloadBytes());
            StringBuilder frame = new StringBuilder(data.length() + 96);
            JsonText.appendQuoted(frame.append("{\"event\":"), settings.eventName());
            JsonText.appendQuoted(frame.append(",\"channel\":"), target.name());
            JsonText.appendQuoted(frame.append(",\"data\":"), data).append('}');
            channel.write(new TextWebSocketFrame(frame.toString()));
        }
        channel.flush();
    }

    /** Events sent so far, both phases. */
    public long sent() {
        return sentWarmup.sum() + sentMeasured.sum();
    }

    public long sentMeasured() {
        return sentMeasured.sum();
    }

    public long skippedMeasured() {
        return skippedMeasured.sum();
    }

    /** Client events the node refused with a pusher:error, in either phase. */
    public long rejected() {
        return counters.rejectedCount();
    }

    public Map<String, Long> rejections() {
        return counters.rejections();
    }

    /** The connections' account so far, as a swarm's: subscribed, failed, dropped and why. */
    public SwarmReport report() {
        SwarmStatus status = new SwarmStatus(settings.connections(), counters.startedCount(), counters.pending(),
                counters.subscribedCount(), counters.failedCount(), counters.droppedCount(), 0, 0, 0, 0);
        return new SwarmReport(status, counters.failures(), counters.drops(), counters.subscribedPerChannel(),
                new long[counters.subscribedPerChannel().length], 0, 0, 0, 0,
                counters.connectSeconds(), SwarmReport.encode(SwarmReport.emptyHistogram()));
    }

    @Override
    public void close() {
        counters.stopping();
        ticker.shutdownNow();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** A subscribed connection and the private channel it sends on. */
    private record Target(Channel channel, String name) {}
}
