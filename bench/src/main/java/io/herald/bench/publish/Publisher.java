package io.herald.bench.publish;

import io.herald.bench.client.BenchClock;
import io.herald.bench.client.BenchPayload;
import io.herald.bench.client.ClientTransport;
import io.herald.bench.client.FailureCauses;
import io.herald.json.JsonText;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * Publishes bench events through the signed HTTP API at a fixed rate: one event per
 * {@code /events} call, or {@code batch} events per {@code /batch_events} call, the channels
 * taken in turn. Every call has a scheduled time, fixed in advance by the rate; a call due while
 * {@code maxInFlight} calls still await their response waits in a backlog and goes out as soon as
 * one answers, so a node that answers slowly is not hidden by a generator that waits for it
 * (coordinated omission): the latency of every event and the response time of every call run from
 * the scheduled time. Only a call due when a whole second of calls is already waiting is skipped,
 * and counted. Each event's data carries its phase, its channel's own sequence number (0, 1, 2...
 * per channel, so a subscriber can tell gaps and duplicates) and the scheduled time ({@link BenchPayload}).
 *
 * <p>The schedule, the requests and their responses all run on one Netty event loop over
 * keep-alive connections, one call at a time on each. A general HTTP client hands every call
 * between several threads; on a machine shared with the server under test those hand-offs cost
 * more CPU than the server's side of the call and add milliseconds to every latency measured.
 *
 * <p>Given other nodes' API URLs ({@link Settings#otherBases()}), a call that cannot connect (a node
 * restarting refuses connections) goes to the next of them, and so do the calls after it, as a
 * client behind a load balancer would: the call keeps its sequence number, so a node restarted in a
 * rolling restart leaves no gap that is not a loss. A call that reached a node and failed there is
 * not tried again (it may have been applied).
 */
public final class Publisher implements AutoCloseable {

    /**
     * @param apiBase {@code http://host:port} or {@code https://...}, plus any path prefix the server is configured with
     * @param eventsPerSecond events (not calls) per second
     * @param otherBases the same API on other nodes (same path prefix), for calls that cannot connect to the current one
     */
    public record Settings(URI apiBase, String appId, String key, String secret, int channels, String channelPrefix,
            double eventsPerSecond, int batch, int payloadBytes, int maxInFlight, Duration requestTimeout, List<URI> otherBases) {

        public Settings {
            otherBases = otherBases == null ? List.of() : List.copyOf(otherBases);
        }

        public Settings(URI apiBase, String appId, String key, String secret, int channels, String channelPrefix,
                double eventsPerSecond, int batch, int payloadBytes, int maxInFlight, Duration requestTimeout) {
            this(apiBase, appId, key, secret, channels, channelPrefix, eventsPerSecond, batch, payloadBytes, maxInFlight,
                    requestTimeout, List.of());
        }
    }

    /** Where calls go: host to connect to, port, and Host header. */
    private record Target(String host, int port, String hostHeader) {

        static Target of(URI base, boolean secure) {
            int port = base.getPort() > 0 ? base.getPort() : secure ? 443 : 80;
            // An IPv6 literal keeps its brackets in the Host header but not in the address to connect to.
            return new Target(base.getHost().replaceAll("^\\[(.*)]$", "$1"), port,
                    base.getPort() > 0 ? base.getHost() + ":" + port : base.getHost());
        }
    }

    private static final long TICK_MICROS = 1_000;
    private static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final Settings settings;
    private final RestSigner signer;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final List<Target> targets = new ArrayList<>();
    /** The index in {@link #targets} calls go to; moves on when a connect fails. Touched on the loop only. */
    private int current;
    private final String host;
    private final int port;
    private final String path;
    /** Connections with no call outstanding, most recently used first. Touched on the loop only. */
    private final Deque<Channel> idle = new ArrayDeque<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PublishStats warmup;
    private final PublishStats measured;
    /** Calls scheduled at or after this {@code System.nanoTime()} belong to the measured phase. */
    private volatile long measuredFromNanos = Long.MAX_VALUE;
    private volatile ScheduledFuture<?> schedule;
    /** Calls due but not yet sent, oldest first. Touched on the loop only. */
    private final Deque<DueCall> backlog = new ArrayDeque<>();
    private final int maxBacklog;
    private final long[] channelSeq;
    private volatile long startNanos;
    private long callsScheduled;
    private int nextChannel;

    public Publisher(Settings settings) {
        this.settings = settings;
        this.signer = new RestSigner(settings.key(), settings.secret());
        URI base = settings.apiBase();
        boolean secure = "https".equalsIgnoreCase(base.getScheme());
        if (!secure && !"http".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException("The API URL must start with http:// or https://, not " + base);
        }
        if (base.getHost() == null) {
            throw new IllegalArgumentException("The API URL names no host: " + base);
        }
        targets.add(Target.of(base, secure));
        for (URI other : settings.otherBases()) {
            if (other.getHost() == null || !base.getScheme().equalsIgnoreCase(other.getScheme())) {
                throw new IllegalArgumentException("Another API URL must be " + base.getScheme() + "://host:port, not " + other);
            }
            targets.add(Target.of(other, secure));
        }
        this.port = targets.get(0).port();
        this.host = targets.get(0).host();
        SslContext tls = secure ? clientTls() : null;
        ClientTransport transport = ClientTransport.choose();
        this.group = transport.newGroup(1, "bench-publisher");
        this.loop = group.next();
        this.bootstrap = transport.bootstrap(loop, settings.requestTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        if (tls != null) {
                            channel.pipeline().addLast(tls.newHandler(channel.alloc(), host, port));
                        }
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE_BYTES),
                                new ResponseHandler());
                    }
                });
        this.maxBacklog = (int) Math.max(1, Math.ceil(settings.eventsPerSecond() / settings.batch()));
        this.channelSeq = new long[settings.channels()];
        this.warmup = new PublishStats(settings.channels());
        this.measured = new PublishStats(settings.channels());
        String prefix = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.path = prefix + "/apps/" + settings.appId() + (settings.batch() > 1 ? "/batch_events" : "/events");
    }

    private static SslContext clientTls() {
        try {
            return SslContextBuilder.forClient().build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot set up TLS for the API URL: " + e.getMessage(), e);
        }
    }

    public void start() {
        loop.execute(() -> {
            startNanos = System.nanoTime();
            schedule = loop.scheduleAtFixedRate(this::publishDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
        });
    }

    /** From the next call on, events belong to the measured phase. */
    public void startMeasuring() {
        measuredFromNanos = System.nanoTime();
    }

    /** Stops publishing and waits up to {@code timeout} for the answers still outstanding. */
    public void stop(Duration timeout) throws InterruptedException {
        loop.submit(() -> {
            if (schedule != null) {
                schedule.cancel(false);
            }
            backlog.forEach(due -> due.stats.skipped());
            backlog.clear();
        }).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Events the node accepted so far, warm-up and measured. */
    public long eventsAcceptedSoFar() {
        return warmup.eventsAccepted() + measured.eventsAccepted();
    }

    public PublishStats warmup() {
        return warmup;
    }

    public PublishStats measured() {
        return measured;
    }

    private void publishDue() {
        double callsPerSecond = settings.eventsPerSecond() / settings.batch();
        long due = (long) Math.floor((System.nanoTime() - startNanos) / 1e9 * callsPerSecond) + 1;
        while (callsScheduled < due) {
            long scheduledNanos = startNanos + (long) (callsScheduled * 1e9 / callsPerSecond);
            callsScheduled++;
            // A call belongs to the phase of its scheduled time, not of the moment a late loop gets
            // to it: on a busy machine the warm-up's last calls would otherwise count as measured.
            boolean phaseMeasured = scheduledNanos >= measuredFromNanos;
            PublishStats stats = phaseMeasured ? measured : warmup;
            if (backlog.size() >= maxBacklog) {
                stats.skipped();
            } else {
                backlog.addLast(new DueCall(stats, phaseMeasured, scheduledNanos));
            }
        }
        sendBacklog();
    }

    private void sendBacklog() {
        while (!backlog.isEmpty() && inFlight.get() < settings.maxInFlight()) {
            DueCall next = backlog.pollFirst();
            send(next.stats, next.measured, next.scheduledNanos);
        }
    }

    /** A call whose time has come, waiting for a free connection slot. */
    private record DueCall(PublishStats stats, boolean measured, long scheduledNanos) {}

    private void send(PublishStats stats, boolean phaseMeasured, long scheduledNanos) {
        int[] channels = new int[settings.batch()];
        long scheduledMicros = BenchClock.microsAt(scheduledNanos);
        StringBuilder body = new StringBuilder(settings.batch() * (settings.payloadBytes() + 96));
        body.append(settings.batch() > 1 ? "{\"batch\":[" : "");
        for (int i = 0; i < channels.length; i++) {
            channels[i] = nextChannel;
            nextChannel = (nextChannel + 1) % settings.channels();
            String channel = settings.channelPrefix() + channels[i];
            String data = BenchPayload.data(phaseMeasured, channelSeq[channels[i]]++, scheduledMicros, settings.payloadBytes());
            appendEvent(body.append(i > 0 ? "," : ""), channel, data);
        }
        body.append(settings.batch() > 1 ? "]}" : "");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String query = signer.signedQuery("POST", path, bytes, System.currentTimeMillis() / 1000);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path + "?" + query,
                Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.HOST, targets.get(current).hostHeader())
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        Call call = new Call(stats, channels, request, scheduledNanos);
        inFlight.incrementAndGet();
        stats.sent((System.nanoTime() - scheduledNanos) / 1_000);
        call.timeout = loop.schedule(() -> call.fail("timeout"), settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        Channel channel = idle.pollFirst();
        while (channel != null && !channel.isActive()) {
            channel = idle.pollFirst();
        }
        if (channel != null) {
            call.sendOn(channel);
        } else {
            connect(call, targets.size());
        }
    }

    /** Opens a connection for {@code call} to the current target, moving on to the next up to {@code triesLeft - 1} times. */
    private void connect(Call call, int triesLeft) {
        int target = current;
        bootstrap.connect(targets.get(target).host(), targets.get(target).port()).addListener((ChannelFutureListener) connected -> {
            if (connected.isSuccess()) {
                call.sendOn(connected.channel());
            } else if (triesLeft > 1 && !call.settled) {
                if (current == target) {
                    current = (target + 1) % targets.size();
                }
                connect(call, triesLeft - 1);
            } else {
                call.fail(FailureCauses.of(connected.cause()));
            }
        });
    }

    private void appendEvent(StringBuilder body, String channel, String data) {
        body.append("{\"name\":\"bench\",");
        if (settings.batch() > 1) {
            JsonText.appendQuoted(body.append("\"channel\":"), channel);
        } else {
            JsonText.appendQuoted(body.append("\"channels\":["), channel).append(']');
        }
        JsonText.appendQuoted(body.append(",\"data\":"), data).append('}');
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One API call, settled exactly once: answered, failed or timed out. Lives on the loop. */
    private final class Call {
        private final PublishStats stats;
        private final int[] channels;
        private final long scheduledNanos;
        private FullHttpRequest request;
        private ScheduledFuture<?> timeout;
        private Channel channel;
        private boolean settled;

        Call(PublishStats stats, int[] channels, FullHttpRequest request, long scheduledNanos) {
            this.stats = stats;
            this.channels = channels;
            this.request = request;
            this.scheduledNanos = scheduledNanos;
        }

        void sendOn(Channel on) {
            if (settled) {
                idle.addFirst(on);
                return;
            }
            channel = on;
            on.pipeline().get(ResponseHandler.class).pending = this;
            FullHttpRequest sending = request;
            request = null;
            on.writeAndFlush(sending).addListener((ChannelFutureListener) written -> {
                if (!written.isSuccess()) {
                    fail(FailureCauses.of(written.cause()));
                }
            });
        }

        void answered(FullHttpResponse response) {
            if (!settle()) {
                return;
            }
            int status = response.status().code();
            if (status / 100 == 2) {
                stats.accepted(channels, (System.nanoTime() - scheduledNanos) / 1_000);
            } else {
                stats.rejected(status, response.content().toString(StandardCharsets.UTF_8));
            }
            if (HttpUtil.isKeepAlive(response) && channel.isActive()) {
                idle.addFirst(channel);
            } else {
                channel.close();
            }
        }

        void fail(String cause) {
            if (!settle()) {
                return;
            }
            stats.failure(cause);
            if (channel != null) {
                channel.close();
            }
        }

        private boolean settle() {
            if (settled) {
                return false;
            }
            settled = true;
            timeout.cancel(false);
            if (request != null) {
                request.release();
                request = null;
            }
            if (channel != null) {
                channel.pipeline().get(ResponseHandler.class).pending = null;
            }
            inFlight.decrementAndGet();
            loop.execute(Publisher.this::sendBacklog);
            return true;
        }
    }

    /** Hands a connection's response, or its loss, to the call it carries. */
    private static final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private Call pending;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Call call = pending;
            if (call != null) {
                call.answered(response);
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (pending != null) {
                pending.fail("connection closed");
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (pending != null) {
                pending.fail(FailureCauses.of(cause));
            }
            ctx.close();
        }
    }
}
