package io.herald.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deadline for each whole HTTP request of one connection, headers and body: it starts with the
 * first byte of a request (with the connection itself for its first request, so a TLS handshake
 * counts too) and ends when the request is complete. A client that sends a byte now and then, or
 * a body shorter than its Content-Length, gets 408 when it passes and is disconnected, however
 * steadily the bytes trickle in.
 *
 * <p>Two handlers share the deadline: {@link #starter()} sits before the HTTP codec and sees raw
 * bytes, {@link #finisher()} sits after the aggregator and sees complete requests. Both are
 * removed when the connection becomes a WebSocket.
 */
public final class RequestDeadline {

    /** Names of the two handlers in the pipeline. */
    public static final String STARTER = "http-deadline";
    public static final String FINISHER = "http-request-complete";

    private static final byte[] TIMEOUT_RESPONSE = RawResponses.json(408, "Request Timeout",
            "{\"error\":\"Request timeout: the whole request must arrive within the server's request-timeout\"}");

    private final long timeoutNanos;
    private final Runnable onTimeout;
    /**
     * At most one timer per connection, left running between requests: a kept-alive API client
     * would otherwise schedule and cancel one for every request. When it fires it either expires
     * the request under way, waits for the rest of that request's time, or lapses when there is none.
     */
    private ScheduledFuture<?> timer;
    /** When the request under way started ({@link System#nanoTime}); meaningless unless {@link #pending}. */
    private long startedNanos;
    private boolean pending;
    private boolean expired;

    /** @param onTimeout counts a request that ran out of time (runs on the connection's loop) */
    public RequestDeadline(long timeoutMillis, Runnable onTimeout) {
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.onTimeout = onTimeout;
    }

    public io.netty.channel.ChannelHandler starter() {
        return new Starter();
    }

    public io.netty.channel.ChannelHandler finisher() {
        return new Finisher();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (pending || expired) {
            return;
        }
        pending = true;
        startedNanos = System.nanoTime();
        if (timer == null) {
            schedule(ctx, timeoutNanos);
        }
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
        timer = ctx.executor().schedule(() -> fire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    /** The request is complete: its time no longer runs, and the timer lapses when it next fires. */
    private void finished() {
        pending = false;
    }

    private void disarm() {
        pending = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void fire(ChannelHandlerContext ctx) {
        timer = null;
        if (!pending) {
            return;
        }
        long left = timeoutNanos - (System.nanoTime() - startedNanos);
        if (left > 0) {
            schedule(ctx, left);
            return;
        }
        expire(ctx);
    }

    private void expire(ChannelHandlerContext ctx) {
        pending = false;
        expired = true;
        onTimeout.run();
        // Written as bytes below the codec: it may hold half a request and cannot encode an answer to it.
        ctx.writeAndFlush(Unpooled.wrappedBuffer(TIMEOUT_RESPONSE)).addListener(ChannelFutureListener.CLOSE);
    }

    private final class Starter extends ChannelDuplexHandler {

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            arm(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            if (ctx.channel().isActive()) {
                arm(ctx);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (expired) {
                io.netty.util.ReferenceCountUtil.release(msg);
                return;
            }
            arm(ctx);
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            disarm();
        }
    }

    private final class Finisher extends ChannelInboundHandlerAdapter {

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpRequest) {
                finished();
            }
            super.channelRead(ctx, msg);
        }
    }
}
