package io.herald.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.debug.DebugTap;
import io.herald.debug.DebugWatcher;
import io.herald.transport.HttpListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One console's debug stream of an app as Server-Sent Events: a {@link DebugWatcher} registered
 * with the tap for as long as the connection is open, drained on the connection's loop a few
 * times a second. Nothing is drained while the socket cannot take more (the browser is slow), so
 * the watcher's bound, not the socket's buffer, decides when the console is cut off.
 */
final class DebugStream {

    private static final long FLUSH_MILLIS = 200;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final DebugTap tap;
    private final String appId;
    private final DebugWatcher watcher;
    private final ChannelHandlerContext ctx;
    private ScheduledFuture<?> flushing;
    private long lastWrite;

    private DebugStream(DebugTap tap, String appId, DebugWatcher watcher, ChannelHandlerContext ctx) {
        this.tap = tap;
        this.appId = appId;
        this.watcher = watcher;
        this.ctx = ctx;
    }

    /** Answers the request with the stream; runs on the connection's loop. */
    static void open(ChannelHandlerContext ctx, DebugTap tap, String appId, int perSecond, int capacity) {
        DebugStream stream = new DebugStream(tap, appId, new DebugWatcher(perSecond, capacity), ctx);
        stream.start(perSecond, capacity);
    }

    private void start(int perSecond, int capacity) {
        // A stream is quiet for long stretches; the idle timeout of plain requests does not apply.
        if (ctx.pipeline().get(HttpListener.IDLE_HANDLER) != null) {
            ctx.pipeline().remove(HttpListener.IDLE_HANDLER);
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        head.headers().set("X-Content-Type-Options", "nosniff");
        HttpUtil.setTransferEncodingChunked(head, true);
        ctx.write(head);
        ObjectNode hello = DebugTap.event("watching").put("app_id", appId).put("at", tap.nowMillis())
                .put("max_per_second", perSecond).put("buffer", capacity);
        ctx.writeAndFlush(chunk(List.of(hello)));
        lastWrite = tap.nowMillis();
        tap.watch(appId, watcher);
        flushing = ctx.executor().scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        ctx.channel().closeFuture().addListener(closed -> stop());
    }

    private void flush() {
        if (!ctx.channel().isActive()) {
            stop();
            return;
        }
        String cutOff = watcher.cutOff();
        if (cutOff != null) {
            stop();
            ObjectNode last = DebugTap.event("cut_off").put("at", tap.nowMillis()).put("message", cutOff);
            ctx.write(chunk(List.of(last)));
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (!ctx.channel().isWritable()) {
            return;
        }
        long now = tap.nowMillis();
        List<ObjectNode> events = watcher.drain(now);
        if (!events.isEmpty()) {
            ctx.writeAndFlush(chunk(events));
            lastWrite = now;
        } else if (now - lastWrite >= HEARTBEAT_MILLIS) {
            ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(": still watching\n\n", StandardCharsets.UTF_8)));
            lastWrite = now;
        }
    }

    private void stop() {
        tap.unwatch(appId, watcher);
        if (flushing != null) {
            flushing.cancel(false);
        }
    }

    private static DefaultHttpContent chunk(List<ObjectNode> events) {
        StringBuilder text = new StringBuilder();
        for (ObjectNode event : events) {
            // JSON has no raw line breaks, so each event is one data line.
            text.append("data: ").append(event.toString()).append("\n\n");
        }
        ByteBuf bytes = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return new DefaultHttpContent(bytes);
    }
}
