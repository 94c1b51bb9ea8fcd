package io.herald.bench.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/** The client side network transport: epoll where its native library loads, NIO elsewhere. */
public record ClientTransport(String name, IoHandlerFactory ioHandlerFactory, Class<? extends SocketChannel> channelClass) {

    public static ClientTransport choose() {
        if (Epoll.isAvailable()) {
            return new ClientTransport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class);
        }
        return new ClientTransport("nio", NioIoHandler.newFactory(), NioSocketChannel.class);
    }

    /** A client bootstrap on {@code group}: this transport, Nagle off, connects bounded by {@code connectTimeoutMillis}. */
    public Bootstrap bootstrap(EventLoopGroup group, long connectTimeoutMillis) {
        return new Bootstrap().group(group).channel(channelClass)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeoutMillis))
                .option(ChannelOption.TCP_NODELAY, true);
    }

    public MultiThreadIoEventLoopGroup newGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
    }
}
