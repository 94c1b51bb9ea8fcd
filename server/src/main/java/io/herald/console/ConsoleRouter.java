package io.herald.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.admin.AdminApi;
import io.herald.admin.AdminTokens;
import io.herald.config.HeraldConfig;
import io.herald.debug.DebugTap;
import io.herald.transport.HttpResponses;
import io.herald.transport.MetricsRouter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.CookieHeaderNames;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.netty.handler.codec.http.cookie.ServerCookieEncoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's paths on the metrics port, tried before the admin API's:
 * <ul>
 * <li>{@code /console/} and {@code /console/assets/NAME}: the page and its scripts, to anyone
 *     (they hold no data);
 * <li>{@code POST /console/login} with {@code {"token": "..."}}: an admin API token opens a session
 *     (failed logins are limited per client address, {@link LoginLimiter}),
 *     whose id goes into an {@code HttpOnly}, {@code SameSite=Strict} cookie; {@code POST
 *     /console/logout} ends it; {@code GET /console/session} says who is logged in and gives the
 *     session's CSRF token;
 * <li>{@code /console/api/...}: for a live session only; every call that changes something
 *     carries the CSRF token in {@code X-Herald-Csrf}. Calls under {@code apps} are the admin
 *     API's, answered by it for the session's token (so a read-only token reads only), plus the
 *     debug stream, live channels and the event creator ({@link ConsoleCalls}).
 * </ul>
 */
public final class ConsoleRouter implements MetricsRouter.AdminHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT = "/console";
    private static final String API = ROOT + "/api";
    static final String COOKIE = "herald_console";
    static final String CSRF_HEADER = "X-Herald-Csrf";

    private final AdminApi admin;
    private final ConsoleSessions sessions;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final ConsoleCalls calls;
    private final LoginLimiter failedLogins;
    private final long sessionSeconds;
    private final boolean overTls;

    /** @param overTls whether the metrics port serves TLS: the cookie is then marked {@code Secure} */
    public ConsoleRouter(AdminApi admin, HeraldConfig.ConsoleConfig config, ConsoleCalls calls, boolean overTls,
            LongSupplier clockMillis) {
        this.overTls = overTls;
        this.admin = admin;
        this.calls = calls;
        this.sessions = new ConsoleSessions(config.sessionTimeout(), config.maxSessions(), clockMillis);
        this.sessionSeconds = config.sessionTimeout() / 1000L;
        this.failedLogins = new LoginLimiter(config.loginFailuresPerMinute(), clockMillis);
    }

    @Override
    public boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            return admin.handle(ctx, request, path);
        }
        HttpMethod method = request.method();
        if (path.equals(ROOT)) {
            FullHttpResponse moved = empty(HttpResponseStatus.FOUND);
            moved.headers().set(HttpHeaderNames.LOCATION, ROOT + "/");
            HttpResponses.send(ctx, request, moved);
        } else if (path.equals(ROOT + "/") && method.equals(HttpMethod.GET)) {
            assets.serve(ctx, request, "index.html");
        } else if (path.startsWith(ROOT + "/assets/") && method.equals(HttpMethod.GET)) {
            assets.serve(ctx, request, path.substring((ROOT + "/assets/").length()));
        } else if (path.equals(ROOT + "/login") && method.equals(HttpMethod.POST)) {
            login(ctx, request);
        } else {
            withSession(ctx, request, path);
        }
        return true;
    }

    private void login(ChannelHandlerContext ctx, FullHttpRequest request) {
        String address = address(ctx);
        long retryAfter = failedLogins.retryAfterSeconds(address);
        if (retryAfter > 0) {
            FullHttpResponse refused = json(HttpResponseStatus.TOO_MANY_REQUESTS,
                    error("Too many failed logins from this address; try again in " + retryAfter + " s"));
            refused.headers().set(HttpHeaderNames.RETRY_AFTER, Long.toString(retryAfter));
            HttpResponses.send(ctx, request, refused);
            return;
        }
        String token = null;
        try {
            JsonNode body = JSON.readTree(request.content().toString(StandardCharsets.UTF_8));
            token = body != null && body.path("token").isTextual() ? body.path("token").asText() : null;
        } catch (java.io.IOException e) {
            // refused below
        }
        if (token == null || token.isBlank()) {
            send(ctx, request, HttpResponseStatus.BAD_REQUEST, error("Give a token: {\"token\": \"...\"}"));
            return;
        }
        Optional<AdminTokens.Caller> caller = admin.tokens().byToken(token.trim());
        if (caller.isEmpty()) {
            LOG.info("Console: refused a login with an unknown token from {}", ctx.channel().remoteAddress());
            failedLogins.failed(address);
            send(ctx, request, HttpResponseStatus.UNAUTHORIZED, error("Unknown token"));
            return;
        }
        ConsoleSessions.Session session = sessions.open(caller.get());
        LOG.info("Console: {} logged in from {}", caller.get().name(), ctx.channel().remoteAddress());
        FullHttpResponse response = json(HttpResponseStatus.OK, describe(session));
        response.headers().add(HttpHeaderNames.SET_COOKIE, cookie(session.id(), sessionSeconds));
        HttpResponses.send(ctx, request, response);
    }

    private void withSession(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        String id = sessionId(request);
        Optional<ConsoleSessions.Session> found = sessions.find(id);
        if (found.isEmpty()) {
            send(ctx, request, HttpResponseStatus.UNAUTHORIZED, error("Log in first: the session is unknown or expired"));
            return;
        }
        ConsoleSessions.Session session = found.get();
        HttpMethod method = request.method();
        boolean changes = !method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD);
        if (changes && !session.csrf().equals(request.headers().get(CSRF_HEADER))) {
            send(ctx, request, HttpResponseStatus.FORBIDDEN, error("Missing or wrong " + CSRF_HEADER + " header"));
            return;
        }
        if (path.equals(ROOT + "/session") && method.equals(HttpMethod.GET)) {
            send(ctx, request, HttpResponseStatus.OK, describe(session));
        } else if (path.equals(ROOT + "/logout") && method.equals(HttpMethod.POST)) {
            sessions.close(session.id());
            LOG.info("Console: {} logged out", session.caller().name());
            FullHttpResponse response = json(HttpResponseStatus.OK, JSON.createObjectNode().put("logged_out", true));
            response.headers().add(HttpHeaderNames.SET_COOKIE, cookie("", 0));
            HttpResponses.send(ctx, request, response);
        } else if (path.startsWith(API + "/")) {
            String rest = path.substring(API.length());
            if (!calls.answer(ctx, request, rest, session.caller())) {
                if (rest.equals("/apps") || rest.startsWith("/apps/")) {
                    admin.answer(ctx, request, "/admin" + rest, session.caller());
                } else {
                    send(ctx, request, HttpResponseStatus.NOT_FOUND, error("Not found"));
                }
            }
        } else {
            send(ctx, request, HttpResponseStatus.NOT_FOUND, error("Not found"));
        }
    }

    /** The client's IP address (without the port, which changes with every connection). */
    private static String address(ChannelHandlerContext ctx) {
        SocketAddress remote = ctx.channel().remoteAddress();
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(remote);
    }

    private ObjectNode describe(ConsoleSessions.Session session) {
        return JSON.createObjectNode().put("name", session.caller().name())
                .put("may_change", session.caller().mayChange()).put("csrf", session.csrf());
    }

    private static String sessionId(HttpRequest request) {
        String header = request.headers().get(HttpHeaderNames.COOKIE);
        if (header == null) {
            return null;
        }
        for (Cookie cookie : ServerCookieDecoder.STRICT.decode(header)) {
            if (cookie.name().equals(COOKIE)) {
                return cookie.value();
            }
        }
        return null;
    }

    private String cookie(String value, long maxAgeSeconds) {
        DefaultCookie cookie = new DefaultCookie(COOKIE, value);
        cookie.setHttpOnly(true);
        cookie.setSameSite(CookieHeaderNames.SameSite.Strict);
        cookie.setPath(ROOT);
        cookie.setMaxAge(maxAgeSeconds);
        cookie.setSecure(overTls);
        return ServerCookieEncoder.STRICT.encode(cookie);
    }

    static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    static void send(ChannelHandlerContext ctx, HttpRequest request, HttpResponseStatus status, ObjectNode body) {
        HttpResponses.send(ctx, request, json(status, body));
    }

    static FullHttpResponse json(HttpResponseStatus status, ObjectNode body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body.toString().getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpResponses.JSON);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        ConsoleAssets.secure(response);
        return response;
    }

    private static FullHttpResponse empty(HttpResponseStatus status) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
        ConsoleAssets.secure(response);
        return response;
    }
}
