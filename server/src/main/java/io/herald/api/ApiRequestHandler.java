package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.auth.QueryString;
import io.herald.auth.RequestSignature;
import io.herald.auth.SignatureException;
import io.herald.channel.ChannelHub;
import io.herald.concurrent.Futures;
import io.herald.config.HeraldConfig;
import io.herald.debug.DebugTap;
import io.herald.metrics.HeraldMetrics;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the Pusher HTTP API ({@code {prefix}/apps/{app_id}/...}, docs/http-api.md): finds
 * the app and the endpoint, checks the request's signature, runs the endpoint and writes one
 * JSON response. This is the one place where {@link ApiException} becomes a response.
 *
 * <p>Called on the event loop with a complete request that the caller releases afterwards, so
 * everything the answer needs is read from it before {@link #handle} returns. Endpoints never
 * block: an answer a cluster must ask its shared state for is written when it completes, and
 * answers on one connection are written in the order of their requests.
 */
public final class ApiRequestHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiRequestHandler.class);
    /** The write of the latest response on a connection that had to wait for its answer. */
    private static final AttributeKey<CompletableFuture<Void>> LAST_RESPONSE = AttributeKey.valueOf("herald.api.last-response");

    private static final CompletableFuture<Optional<AppConfig>> NO_APP = CompletableFuture.completedFuture(Optional.empty());

    private final AppRegistry apps;
    private final HeraldMetrics metrics;
    private final String appsPath;
    private final RequestSignature signature;
    private final ApiRoutes routes;
    private final AppRateLimits limits;
    private final CorsPolicy cors;

    /** A handler that counts rate limits on this node alone and tells no console. */
    public ApiRequestHandler(AppRegistry apps, ChannelHub hub, HeraldMetrics metrics, HeraldConfig.ServerConfig server, Clock clock) {
        this(apps, hub, metrics, server, clock, new LocalRateCounts(System::nanoTime, () -> 1), DebugTap.NONE);
    }

    /**
     * @param rateCounts where per-app rate limits are counted: on this node, or across the cluster
     * @param debug where published events are reported for the consoles watching an app
     */
    public ApiRequestHandler(AppRegistry apps, ChannelHub hub, HeraldMetrics metrics, HeraldConfig.ServerConfig server,
            Clock clock, RateCounts rateCounts, DebugTap debug) {
        this.apps = apps;
        this.metrics = metrics;
        this.appsPath = server.pathPrefix() + "/apps/";
        this.signature = new RequestSignature(server.pathPrefix(), clock);
        this.limits = new AppRateLimits(rateCounts);
        this.routes = new ApiRoutes(hub, limits, debug);
        this.cors = new CorsPolicy(server.corsOrigins());
    }

    /**
     * Publishes one event given as a {@code /events} body, as {@code POST /apps/{id}/events} would:
     * validated against the app's limits and counted in its backend events per second (the
     * console's event creator). Throws {@link ApiException} when the body is refused; completes
     * exceptionally with one when the app is over its limit.
     *
     * @param loop where the limit's answer continues
     */
    public CompletableFuture<Void> publish(AppConfig app, ObjectNode body, Executor loop) {
        PublishRequest event = PublishRequest.ofEvent(body, app);
        ApiCall call = new ApiCall(app, null, Map.of(), new byte[0], loop);
        return routes.publisher().admit(call, List.of(event)).thenRun(() -> routes.publisher().publish(app, event));
    }

    public void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        HttpVersion version = request.protocolVersion();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String uri = request.uri();
        int query = uri.indexOf('?');
        String rawPath = query < 0 ? uri : uri.substring(0, query);
        String rawQuery = query < 0 ? "" : uri.substring(query + 1);
        ApiRoutes.Target target = rawPath.startsWith(appsPath)
                ? routes.resolve(rawPath.substring(appsPath.length()))
                : new ApiRoutes.Target(null, null, null);
        CompletableFuture<Optional<AppConfig>> app = target.appId() == null ? NO_APP : apps.byId(target.appId());

        boolean preflight = HttpMethod.OPTIONS.equals(request.method());
        String routeName = preflight ? "preflight" : target.routeName();
        HttpHeaders corsHeaders = cors.headersFor(request.headers());
        if (preflight) {
            FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT);
            cors.applyPreflight(request.headers(), response.headers());
            respond(ctx, keepAlive, corsHeaders, app, routeName, CompletableFuture.completedFuture(response));
            return;
        }
        HttpMethod method = request.method();
        byte[] body = ByteBufUtil.getBytes(request.content());
        // An app being loaded from the store: the request is processed on this connection's loop once it is known.
        CompletionStage<FullHttpResponse> response = app.isDone()
                ? processed(version, method, target, app.join(), rawPath, rawQuery, body, ctx.executor())
                : app.thenComposeAsync(found -> processed(version, method, target, found, rawPath, rawQuery, body,
                        ctx.executor()), ctx.executor());
        response = response.exceptionally(error -> failure(version, method, target, error));
        respond(ctx, keepAlive, corsHeaders, app, routeName, response);
    }

    private CompletionStage<FullHttpResponse> processed(HttpVersion version, HttpMethod method, ApiRoutes.Target target,
            Optional<AppConfig> app, String rawPath, String rawQuery, byte[] body, Executor loop) {
        try {
            return process(method, target, app, rawPath, rawQuery, body, loop)
                    .thenApply(json -> json(version, HttpResponseStatus.OK, ApiJson.bytes(json)));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private FullHttpResponse failure(HttpVersion version, HttpMethod method, ApiRoutes.Target target, Throwable error) {
        Throwable cause = Futures.unwrap(error);
        if (cause instanceof ApiException e) {
            FullHttpResponse response = json(version, e.status(), ApiJson.error(e.getMessage()));
            if (e.allow() != null) {
                response.headers().set(HttpHeaderNames.ALLOW, e.allow());
            }
            if (e.retryAfterSeconds() > 0) {
                response.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            }
            return response;
        }
        if (cause instanceof ClusterUnavailableException e) {
            FullHttpResponse response = json(version, HttpResponseStatus.SERVICE_UNAVAILABLE, ApiJson.error(e.getMessage()));
            response.headers().set(HttpHeaderNames.RETRY_AFTER, Integer.toString(e.retryAfterSeconds()));
            return response;
        }
        // The URI is not logged: its query carries the request's signature.
        log.error("HTTP API {} {} failed for app {}", method, target.routeName(), target.appId(), cause);
        return json(version, HttpResponseStatus.INTERNAL_SERVER_ERROR, ApiJson.error("Internal server error"));
    }

    /**
     * Writes the response once it is ready, after every earlier response of the same connection:
     * a client that pipelines requests gets its answers in order even when a later one was ready
     * first.
     */
    private void respond(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders corsHeaders,
                         CompletableFuture<Optional<AppConfig>> app,
                         String routeName, CompletionStage<FullHttpResponse> response) {
        CompletableFuture<Void> previous = ctx.channel().attr(LAST_RESPONSE).get();
        CompletableFuture<FullHttpResponse> ready = response.toCompletableFuture();
        if ((previous == null || previous.isDone()) && ready.isDone() && ctx.executor().inEventLoop()) {
            write(ctx, keepAlive, corsHeaders, app, routeName, ready.join());
            return;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        ctx.channel().attr(LAST_RESPONSE).set(written);
        CompletableFuture<?> after = previous == null ? ready : previous.thenCombine(ready, (done, r) -> r);
        after.whenComplete((ignored, error) -> ctx.executor().execute(() -> {
            write(ctx, keepAlive, corsHeaders, app, routeName, ready.join());
            written.complete(null);
        }));
    }

    private void write(ChannelHandlerContext ctx, boolean keepAlive, HttpHeaders corsHeaders,
                       CompletableFuture<Optional<AppConfig>> app,
                       String routeName, FullHttpResponse response) {
        if (!corsHeaders.isEmpty()) {
            response.headers().add(corsHeaders);
        }
        // Written once the response is ready, which is after the lookup of its app.
        metrics.apiRequest(app.getNow(Optional.empty()).map(AppConfig::id).orElse("unknown"), routeName,
                response.status().code());
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private CompletionStage<JsonNode> process(HttpMethod method, ApiRoutes.Target target, Optional<AppConfig> found,
                             String rawPath, String rawQuery, byte[] body, Executor loop) {
        if (target.appId() == null) {
            throw ApiException.notFound("Not found: API paths look like " + appsPath + "{app_id}/events");
        }
        AppConfig app = found.orElseThrow(() -> ApiException.notFound("Unknown app id '" + target.appId() + "'"));
        ApiRoutes.Route route = target.route();
        if (route == null) {
            throw ApiException.notFound("Not found: " + rawPath + " is no HTTP API endpoint");
        }
        if (!route.method().equals(method)) {
            throw ApiException.methodNotAllowed(method.name(), route.method().name());
        }
        Map<String, List<String>> query = QueryString.parse(rawQuery);
        authenticate(app, method, rawPath, query, body);
        // Counted once signed, so nobody can run up an app's traffic without its secret.
        metrics.apiBytesReceived(app.id(), body.length);
        if (!app.enabled()) {
            throw new ApiException(HttpResponseStatus.FORBIDDEN, "App '" + app.id() + "' is disabled");
        }
        ApiCall call = new ApiCall(app, target.pathParameter(), query, body, loop);
        if (HttpMethod.GET.equals(method)) {
            return limits.read(app, loop).thenCompose(admitted -> route.endpoint().handle(call));
        }
        return route.endpoint().handle(call);
    }

    private void authenticate(AppConfig app, HttpMethod method, String rawPath, Map<String, List<String>> query, byte[] body) {
        try {
            signature.verify(app, method.name(), rawPath, query, body);
        } catch (SignatureException e) {
            throw new ApiException(HttpResponseStatus.UNAUTHORIZED, e.getMessage());
        }
    }

    private static FullHttpResponse json(HttpVersion version, HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        return response;
    }
}
