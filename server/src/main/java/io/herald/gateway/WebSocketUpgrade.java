package io.herald.gateway;

import io.herald.app.AppConfig;
import io.herald.connection.LoopShards;
import io.herald.transport.AddressLimits;
import io.herald.transport.ClientAddresses;
import io.herald.transport.HttpListener;
import io.herald.transport.HttpResponses;
import io.herald.transport.TransportMetrics;
import io.herald.json.JsonText;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import io.netty.handler.ssl.SslHandler;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upgrades {@code GET {prefix}/app/{key}} to a Pusher WebSocket. A request that is not a
 * well-formed RFC 6455 upgrade is answered with an HTTP error (400, 405, 426) and takes nothing;
 * so is a client over a per-address limit counted here (429). The app its key names is looked up
 * next (a client whose app must be loaded from the store waits for it), then admission is decided; a
 * refused client still gets the upgrade, then the Pusher error and close code, because that is
 * what clients can read (a bare HTTP error makes pusher-js retry forever). An admitted client's
 * slot is given back on every way out of the handshake.
 */
public final class WebSocketUpgrade {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketUpgrade.class);

    private final Gateway gateway;
    private final LoopShards shards;
    private final int maxMessageSize;
    private final WebSocketDecoderConfig decoderConfig;
    private final AddressLimits limits;
    private final String addressHeader;
    private final TransportMetrics metrics;

    /**
     * @param limits per-address limits counted at the upgrade (when a proxy's header names the
     *     client), or null when they are counted at accept or not at all
     * @param addressHeader the header naming the client, used with {@code limits}
     */
    public WebSocketUpgrade(Gateway gateway, LoopShards shards, int maxMessageSize, AddressLimits limits,
            String addressHeader, TransportMetrics metrics) {
        this.gateway = gateway;
        this.shards = shards;
        this.maxMessageSize = maxMessageSize;
        // Every protocol violation reaches GatewayHandler, which closes with the right code in one place.
        this.decoderConfig = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxMessageSize)
                .allowExtensions(false)
                .closeOnProtocolViolation(false)
                .build();
        this.limits = limits;
        this.addressHeader = addressHeader;
        this.metrics = metrics;
    }

    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String appKey, QueryStringDecoder query) {
        UpgradeRequests.Rejection rejection = UpgradeRequests.problem(request);
        if (rejection != null) {
            reject(ctx, request, rejection.status(), rejection.message());
            return;
        }
        if (limits != null && !withinAddressLimits(ctx, request)) {
            return;
        }
        CompletableFuture<Optional<AppConfig>> lookup = gateway.lookUp(appKey);
        if (lookup.isDone()) {
            handshake(ctx, request, appKey, query, lookup.join());
            return;
        }
        // The app is being loaded from the store: the client waits, and nothing more is read from it meanwhile.
        request.retain();
        ctx.channel().config().setAutoRead(false);
        lookup.whenComplete((app, error) -> ctx.executor().execute(() -> {
            try {
                if (ctx.channel().isActive()) {
                    ctx.channel().config().setAutoRead(true);
                    handshake(ctx, request, appKey, query, app == null ? Optional.empty() : app);
                }
            } finally {
                request.release();
            }
        }));
    }

    private void handshake(ChannelHandlerContext ctx, FullHttpRequest request, String appKey, QueryStringDecoder query,
            Optional<AppConfig> app) {
        String scheme = ctx.pipeline().get(SslHandler.class) == null ? "ws://" : "wss://";
        String location = scheme + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshaker13(location, null, decoderConfig);
        Admission.Decision decision = gateway.admit(appKey, app, first(query, "protocol"),
                request.headers().get(HttpHeaderNames.ORIGIN));
        ChannelFuture handshake;
        try {
            handshake = handshaker.handshake(ctx.channel(), request);
        } catch (RuntimeException e) {
            // The request was checked above; this is the handshake disagreeing, and nothing was written yet.
            LOG.debug("WebSocket handshake refused by Netty", e);
            releaseIfAdmitted(decision);
            reject(ctx, request, HttpResponseStatus.BAD_REQUEST, "Not a valid WebSocket upgrade request");
            return;
        }
        GatewayHandler handler = new GatewayHandler(gateway, maxMessageSize);
        ChannelPipeline pipeline = ctx.pipeline();
        // The aggregator and the UTF-8 validator of fragments join only when a fragment comes (GatewayHandler).
        pipeline.addAfter(ctx.name(), "gateway", handler);
        pipeline.remove(ctx.handler());
        HttpListener.removeHttpGuards(pipeline);
        handshake.addListener(done -> {
            if (!done.isSuccess()) {
                releaseIfAdmitted(decision);
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

    /** Counts the client under the address its proxy names; answers 429 and returns false when over a limit. */
    private boolean withinAddressLimits(ChannelHandlerContext ctx, FullHttpRequest request) {
        String fromHeader = ClientAddresses.fromHeader(request.headers(), addressHeader);
        String address = fromHeader != null ? fromHeader : ClientAddresses.of(ctx.channel().remoteAddress());
        AddressLimits.Verdict verdict = limits.acquire(address);
        if (verdict == AddressLimits.Verdict.ADMITTED) {
            ctx.channel().closeFuture().addListener(closed -> limits.release(address));
            return true;
        }
        metrics.addressLimited(verdict);
        boolean tooFast = verdict == AddressLimits.Verdict.TOO_FAST;
        reject(ctx, request, HttpResponseStatus.TOO_MANY_REQUESTS, tooFast
                ? "Too many new connections from your address; try again in a second"
                : "Too many connections from your address; close some, then try again", tooFast ? 1 : 10);
        return false;
    }

    private void releaseIfAdmitted(Admission.Decision decision) {
        if (decision instanceof Admission.Admitted admitted) {
            gateway.releaseUnopened(admitted.app());
        }
    }

    private void reject(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message) {
        reject(ctx, request, status, message, 0);
    }

    /** An HTTP error instead of the upgrade; the connection closes after it. */
    private void reject(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String message,
            int retryAfterSeconds) {
        metrics.upgradeRejected(status.code());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(("{\"error\":" + JsonText.quote(message) + "}").getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.JSON);
        if (status.equals(HttpResponseStatus.UPGRADE_REQUIRED)) {
            response.headers().set(HttpHeaderNames.SEC_WEBSOCKET_VERSION, UpgradeRequests.VERSION);
        } else if (status.equals(HttpResponseStatus.METHOD_NOT_ALLOWED)) {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
        if (retryAfterSeconds > 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(retryAfterSeconds));
        }
        HttpUtil.setKeepAlive(request, false);
        HttpResponses.send(ctx, request, response);
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
