package io.herald.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/** A bound HTTP/1.1 listener whose connections start with a fresh router handler. */
public final class HttpListener implements AutoCloseable {

    /** Name of the handler that drops HTTP connections idle this long; removed on WebSocket upgrade. */
    public static final String IDLE_HANDLER = "http-idle";
    private static final int HTTP_IDLE_SECONDS = 60;
    private static final String TLS_HANDLER = "tls";

    private final Channel serverChannel;

    private HttpListener(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /**
     * What protects a listener from clients that misbehave: the whole-request deadline, and the
     * per-address limits when they count TCP connections by peer address (null: not here).
     */
    public record Guards(int requestTimeoutSeconds, AddressLimits peerLimits, TransportMetrics metrics) {}

    /** Netty's default read sizes (grown and shrunk with what each connection reads), shared. */
    private static final AdaptiveRecvByteBufAllocator RECEIVE_SIZES = new AdaptiveRecvByteBufAllocator();

    /**
     * Binds {@code host:port}; fails with a message naming the listener when the port is taken.
     * {@code maxOutboundBuffer} is the high write-water mark: a connection above it is not
     * writable, which fan-out treats as a slow consumer. With {@code tls} not null, each connection
     * shakes hands with the certificate {@code tls} holds when it is accepted.
     */
    public static HttpListener bind(String name, Transports transports, EventLoopGroup boss, EventLoopGroup workers,
            String host, int port, int maxRequestSize, int maxOutboundBuffer, ServerTls tls, Guards guards,
            Supplier<ChannelHandler> router) {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(transports.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // One read-size policy for every connection: each keeps only its own small handle,
                // where Netty's default is a policy object per connection.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, RECEIVE_SIZES)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(maxOutboundBuffer / 2, maxOutboundBuffer))
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        if (guards.peerLimits() != null) {
                            channel.pipeline().addLast(AddressLimitHandler.NAME,
                                    new AddressLimitHandler(guards.peerLimits(), guards.metrics(), tls != null));
                        }
                        if (tls != null) {
                            channel.pipeline().addLast(TLS_HANDLER, tls.context().newHandler(channel.alloc()));
                        }
                        RequestDeadline deadline = new RequestDeadline(guards.requestTimeoutSeconds() * 1000L,
                                guards.metrics()::requestTimedOut);
                        channel.pipeline()
                                .addLast(IDLE_HANDLER, new ReadTimeoutHandler(HTTP_IDLE_SECONDS))
                                .addLast(RequestDeadline.STARTER, deadline.starter())
                                .addLast("http", new HttpServerCodec())
                                .addLast("http-aggregator", new HttpObjectAggregator(maxRequestSize))
                                .addLast(RequestDeadline.FINISHER, deadline.finisher())
                                .addLast("router", router.get());
                    }
                });
        try {
            return new HttpListener(bootstrap.bind(host, port).sync().channel());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted while binding " + host + ":" + port, e);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": cannot listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    /** Takes out what only HTTP requests need, once a connection has become a WebSocket. */
    public static void removeHttpGuards(ChannelPipeline pipeline) {
        for (String name : new String[] {IDLE_HANDLER, RequestDeadline.STARTER, RequestDeadline.FINISHER}) {
            if (pipeline.get(name) != null) {
                pipeline.remove(name);
            }
        }
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
