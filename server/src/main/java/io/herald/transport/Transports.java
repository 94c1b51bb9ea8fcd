package io.herald.transport;

import io.herald.config.HeraldConfig.Transport;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the network transport: epoll where its native library loads, NIO everywhere else. */
public record Transports(String name, IoHandlerFactory ioHandlerFactory, Class<? extends ServerChannel> serverChannel) {

    private static final Logger LOG = LoggerFactory.getLogger(Transports.class);

    public static Transports choose(Transport wanted) {
        return switch (wanted) {
            case NIO -> nio();
            case EPOLL -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("server.transport=epoll but epoll is unavailable: " + Epoll.unavailabilityCause());
                }
                yield epoll();
            }
            case IO_URING -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalStateException("server.transport=io_uring but io_uring is unavailable: " + IoUring.unavailabilityCause());
                }
                yield new Transports("io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
            }
            case AUTO -> {
                if (Epoll.isAvailable()) {
                    yield epoll();
                }
                LOG.info("epoll unavailable ({}); using NIO", Epoll.unavailabilityCause().toString());
                yield nio();
            }
        };
    }

    public MultiThreadIoEventLoopGroup newGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
    }

    private static Transports epoll() {
        return new Transports("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }

    private static Transports nio() {
        return new Transports("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }
}
