package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.auth.QueryString;
import io.herald.auth.RequestSignature;
import io.herald.auth.SignatureException;
import io.herald.channel.ChannelHub;
import io.herald.config.HeraldConfig;
import io.herald.metrics.HeraldMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the Pusher HTTP API ({@code {prefix}/apps/{app_id}/...}, PROTOCOL.md section 5): finds
 * the app and the endpoint, checks the request's signature, runs the endpoint and writes one
 * JSON response. This is the one place where {@link ApiException} becomes a response.
 *
 * <p>Called on the event loop with a complete request that the caller releases afterwards; the
 * response is written before {@link #handle} returns. Endpoints never block.
 */
public final class ApiRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);

    private final AppRegistry apps;
    private final HeraldMetrics metrics;
    private final String appsPath;
    private final RequestSignature signature;
    private final ApiRoutes routes;
    private final CorsPolicy cors;

    public ApiRequestHandler(AppRegistry apps, ChannelHub hub, HeraldMetrics metrics, HeraldConfig.ServerConfig server, Clock clock) {
        this.apps = apps;
        this.metrics = metrics;
        this.appsPath = server.pathPrefix() + "/apps/";
        this.signature = new RequestSignature(server.pathPrefix(), clock);
        this.routes = new ApiRoutes(hub);
        this.cors = new CorsPolicy(server.corsOrigins());
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        String uri = request.uri();
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri : uri.substring(0, query);
        String rawQuery = query < 0 ? "" : uri.substring(query + 1);
        ApiRoutes.Target target = rawPath.startsWith(appsPath)
                ? routes.resolve(rawPath.substring(appsPath.length()))
                : new ApiRoutes.Target(null, null, null);
        Optional<AppConfig> app = Optional.ofNullable(target.appId()).flatMap(apps::byId);

        boolean preflight = HttpMethod.OPTIONS.equals(request.method());
        FullHttpResponse response = preflight ? preflight(request) : answer(request, target, app, rawPath, rawQuery);
        cors.apply(request.headers(), response.headers());
        metrics.apiRequest(app.map(AppConfig::id).orElse("unknown"), preflight ? "preflight" : target.routeName(),
                response.status().code());
        send(ctx, request, response);
    }

    private FullHttpResponse answer(FullHttpRequest request, ApiRoutes.Target target, Optional<AppConfig> app,
                                    String rawPath, String rawQuery) {
        try {
            return json(request, HttpResponseStatus.OK, ApiJson.bytes(process(request, target, app, rawPath, rawQuery)));
        } catch (ApiException e) {
            FullHttpResponse response = json(request, e.status(), ApiJson.error(e.getMessage()));
            if (e.allow() != null) {
                response.headers().set(HttpHeaderNames.ALLOW, e.allow());
            }
            return response;
        } catch (RuntimeException e) {
            // The URI is not logged: its query carries the request's signature.
            log.error("HTTP API {} {} failed for app {}", request.method(), target.routeName(), target.appId(), e);
            return json(request, HttpResponseStatus.INTERNAL_SERVER_ERROR, ApiJson.error("Internal server error"));
        }
    }

    private JsonNode process(FullHttpRequest request, ApiRoutes.Target target, Optional<AppConfig> found,
                             String rawPath, String rawQuery) {
        if (target.appId() == null) {
            throw ApiException.notFound("Not found: API paths look like " + appsPath + "{app_id}/events");
        }
        AppConfig app = found.orElseThrow(() -> ApiException.notFound("Unknown app id '" + target.appId() + "'"));
        ApiRoutes.Route route = target.route();
        if (route == null) {
            throw ApiException.notFound("Not found: " + rawPath + " is no HTTP API endpoint");
        }
        if (!route.method().equals(request.method())) {
            throw ApiException.methodNotAllowed(request.method().name(), route.method().name());
        }
        byte[] body = ByteBufUtil.getBytes(request.content());
        Map<String, List<String>> query = QueryString.parse(rawQuery);
        authenticate(app, request.method(), rawPath, query, body);
        // Counted once signed, so nobody can run up an app's traffic without its secret.
        metrics.apiBytesReceived(app.id(), body.length);
        if (!app.enabled()) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "App '" + app.id() + "' is disabled");
        }
        return route.endpoint().handle(new ApiCall(app, target.pathParameter(), query, body));
    }

    private void authenticate(AppConfig app, HttpMethod method, String rawPath, Map<String, List<String>> query, byte[] body) {
        try {
            signature.verify(app, method.name(), rawPath, query, body);
        } catch (SignatureException e) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        }
    }

    private FullHttpResponse preflight(FullHttpRequest request) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NO_CONTENT);
        cors.applyPreflight(request.headers(), response.headers());
        return response;
    }

    private static FullHttpResponse json(FullHttpRequest request, HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
