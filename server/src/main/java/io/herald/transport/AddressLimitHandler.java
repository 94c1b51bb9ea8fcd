package io.herald.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * First handler of every connection when the per-address limits count TCP connections by their
 * peer address: it counts the connection when it opens and gives the count back when it closes.
 * A connection over a limit goes no further than this handler: on a plain port it gets 429 at
 * once, its output is shut and what it sends is read and dropped until it closes, at most
 * {@link #LINGER_MILLIS} (closing on unread input would reset the connection and lose the 429);
 * over TLS, where an answer would cost a handshake, it is closed at once.
 */
final class AddressLimitHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "address-limits";
    static final long LINGER_MILLIS = 2_000;

    private static final byte[] TOO_MANY_CONNECTIONS = RawResponses.json(429, "Too Many Requests",
            "{\"error\":\"Too many connections from your address; close some, then try again\"}", "Retry-After: 10");
    private static final byte[] TOO_FAST = RawResponses.json(429, "Too Many Requests",
            "{\"error\":\"Too many new connections from your address; try again in a second\"}", "Retry-After: 1");

    private final AddressLimits limits;
    private final TransportMetrics metrics;
    private final boolean tls;
    private boolean refused;

    AddressLimitHandler(AddressLimits limits, TransportMetrics metrics, boolean tls) {
        this.limits = limits;
        this.metrics = metrics;
        this.tls = tls;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        String address = ClientAddresses.of(ctx.channel().remoteAddress());
        AddressLimits.Verdict verdict = limits.acquire(address);
        if (verdict == AddressLimits.Verdict.ADMITTED) {
            ctx.channel().closeFuture().addListener(closed -> limits.release(address));
            super.channelActive(ctx);
            return;
        }
        refused = true;
        metrics.addressLimited(verdict);
        // It never makes a request, so no request deadline may answer it with a 408 as well.
        HttpListener.removeHttpGuards(ctx.pipeline());
        if (tls) {
            ctx.close();
            return;
        }
        byte[] answer = verdict == AddressLimits.Verdict.TOO_FAST ? TOO_FAST : TOO_MANY_CONNECTIONS;
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answer)).addListener(written -> {
            if (ctx.channel() instanceof DuplexChannel duplex && written.isSuccess()) {
                duplex.shutdownOutput();
            }
        });
        ctx.executor().schedule(() -> ctx.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (!refused) {
            super.channelReadComplete(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (!refused) {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (!refused) {
            super.channelInactive(ctx);
        }
    }
}
