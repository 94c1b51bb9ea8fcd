package io.herald.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.BooleanSupplier;

/**
 * The first handler of every connection on the main port: {@code {prefix}/app/{key}} becomes a
 * WebSocket, {@code {prefix}/apps/...} goes to the HTTP API, {@code /health} and {@code /ready}
 * answer probes; anything else is 404.
 */
public final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    /**
     * Handles one HTTP API request. The router releases the request when this returns, so the
     * handler reads what it needs first; it writes the response when the answer is ready, which may
     * be later.
     */
    @FunctionalInterface
    public interface ApiHandler {
        void handle(ChannelHandlerContext ctx, FullHttpRequest request);
    }

    /** Turns a request for {@code {prefix}/app/{key}} into a WebSocket, or refuses it. */
    @FunctionalInterface
    public interface UpgradeHandler {
        void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, String appKey, QueryStringDecoder query);
    }

    private final String pathPrefix;
    private final UpgradeHandler upgrade;
    private final ApiHandler api;
    private final BooleanSupplier ready;

    public HttpRouter(String pathPrefix, UpgradeHandler upgrade, ApiHandler api, BooleanSupplier ready) {
        this.pathPrefix = pathPrefix;
        this.upgrade = upgrade;
        this.api = api;
        this.ready = ready;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            HttpResponses.json(ctx, null, HttpResponseStatus.BAD_REQUEST, "{\"error\":\"Malformed HTTP request\"}");
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        String path = query.path();
        String local = stripPrefix(path);
        if (local != null && local.startsWith("/app/") && local.length() > "/app/".length() && local.indexOf('/', 5) < 0) {
            upgrade.upgrade(ctx, request, local.substring("/app/".length()), query);
            return;
        }
        if (!ready.getAsBoolean()) {
            // A draining node still answers, then closes, so pooled API clients reconnect through a node that stays.
            HttpUtil.setKeepAlive(request, false);
        }
        if (Probes.answer(ctx, request, path, ready)) {
            return;
        }
        if (local != null && local.startsWith("/apps/")) {
            api.handle(ctx, request);
        } else {
            HttpResponses.json(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"Not found\"}");
        }
    }

    private String stripPrefix(String path) {
        if (pathPrefix.isEmpty()) {
            return path;
        }
        return path.startsWith(pathPrefix + "/") ? path.substring(pathPrefix.length()) : null;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
