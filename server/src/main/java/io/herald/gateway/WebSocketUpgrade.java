package io.herald.gateway;

import io.herald.connection.LoopShards;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslHandler;
import io.herald.transport.HttpListener;
import io.herald.transport.HttpResponses;
import java.util.List;

/**
 * Upgrades {@code GET {prefix}/app/{key}} to a Pusher WebSocket. Admission is decided first; a
 * refused client still gets the upgrade, then the Pusher error and close code, because that is
 * what clients can read (a bare HTTP error makes pusher-js retry forever).
 */
public final class WebSocketUpgrade {

    private final Gateway gateway;
    private final LoopShards shards;
    private final int maxMessageSize;

    public WebSocketUpgrade(Gateway gateway, LoopShards shards, int maxMessageSize) {
        this.gateway = gateway;
        this.shards = shards;
        this.maxMessageSize = maxMessageSize;
    }

    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String appKey, QueryStringDecoder query) {
        if (!"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            HttpResponses.json(ctx, request, HttpResponseStatus.BAD_REQUEST,
                    "{\"error\":\"Expected a WebSocket upgrade request on /app/{key}\"}");
            return;
        }
        String scheme = ctx.pipeline().get(SslHandler.class) == null ? "ws://" : "wss://";
        String location = scheme + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketServerHandshaker handshaker =
                new WebSocketServerHandshakerFactory(location, null, false, maxMessageSize).newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        Admission.Decision decision = gateway.admit(appKey, first(query, "protocol"));
        GatewayHandler handler = new GatewayHandler(gateway);
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addAfter(ctx.name(), "ws-aggregator", new WebSocketFrameAggregator(maxMessageSize));
        pipeline.addAfter("ws-aggregator", "gateway", handler);
        pipeline.remove(ctx.handler());
        if (pipeline.get(HttpListener.IDLE_HANDLER) != null) {
            pipeline.remove(HttpListener.IDLE_HANDLER);
        }
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (!done.isSuccess()) {
                if (decision instanceof Admission.Admitted admitted) {
                    gateway.releaseUnopened(admitted.app());
                }
                ctx.channel().close();
                return;
            }
            switch (decision) {
                case Admission.Refused refused -> {
                    gateway.refused(ctx.channel(), refused);
                    GatewayHandler.refuse(ctx.channel(), refused.code(), refused.message());
                }
                case Admission.Admitted admitted ->
                        handler.opened(gateway.open(ctx.channel(), admitted.app(), shards.of(ctx.channel().eventLoop())));
            }
        });
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
