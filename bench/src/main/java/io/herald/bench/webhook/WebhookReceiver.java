package io.herald.bench.webhook;

import io.herald.bench.client.BenchClock;
import io.herald.bench.client.ClientTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The endpoint Herald's sender posts webhooks to, in the bench process: it answers every
 * {@code POST} with 200 and an empty body at once, checks no signature, and hands the job id
 * header and the body to a {@link WebhookTally} with the moment the request was read. Anything
 * but a POST gets 405 and is counted. Netty on its own event loops, keep-alive as the client asks.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** The header Herald sends with the job id on every attempt (docs/webhook-sender.md). */
    public static final String JOB_ID_HEADER = "X-Herald-Webhook-Id";
    private static final int MAX_BODY = 16 << 20;

    private final WebhookTally tally;
    private final LongAdder refused;
    private final EventLoopGroup group;
    private final Channel server;

    private WebhookReceiver(WebhookTally tally, LongAdder refused, EventLoopGroup group, Channel server) {
        this.tally = tally;
        this.refused = refused;
        this.group = group;
        this.server = server;
    }

    /** Listens on {@code host:port} (0 for any free port) with {@code threads} event loops. */
    public static WebhookReceiver start(String host, int port, int threads, WebhookTally tally) {
        ClientTransport transport = ClientTransport.choose();
        EventLoopGroup group = transport.newGroup(threads, "bench-receiver");
        Class<? extends ServerSocketChannel> channelClass = "epoll".equals(transport.name())
                ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        LongAdder refused = new LongAdder();
        Handler handler = new Handler(tally, refused);
        try {
            Channel server = new ServerBootstrap().group(group).channel(channelClass)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
                        }
                    })
                    .bind(host, port).syncUninterruptibly().channel();
            return new WebhookReceiver(tally, refused, group, server);
        } catch (Exception e) { // Netty rethrows the bind's checked exception unchecked
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            String hint = e instanceof BindException ? " (is something else listening there?)" : "";
            throw new IllegalStateException("the webhook receiver cannot listen on " + host + ":" + port + ": "
                    + e.getMessage() + hint, e);
        }
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public WebhookTally tally() {
        return tally;
    }

    /** Requests answered 405 because they were not POSTs. */
    public long refused() {
        return refused.sum();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Sharable
    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {

        private final WebhookTally tally;
        private final LongAdder refused;

        Handler(WebhookTally tally, LongAdder refused) {
            this.tally = tally;
            this.refused = refused;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            long arrivalMicros = BenchClock.nowMicros();
            HttpResponseStatus status = HttpResponseStatus.OK;
            if (request.method().equals(HttpMethod.POST)) {
                tally.record(request.headers().get(JOB_ID_HEADER), request.content(), arrivalMicros);
            } else {
                status = HttpResponseStatus.METHOD_NOT_ALLOWED;
                refused.increment();
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
