package io.herald.api;

import io.herald.auth.Signatures;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.metrics.HeraldMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * An {@link ApiRequestHandler} in an {@link EmbeddedChannel}, with a {@link RecordingHub}, a fixed
 * clock and requests signed the way the official SDKs sign them (written here independently of
 * the code under test).
 */
final class ApiFixture implements AutoCloseable {

    static final String APP_ID = "app-id";
    static final String KEY = "app-key";
    static final String SECRET = "app-secret";
    static final long NOW = 1_700_000_000L;
    private static final String APPS = "apps=[{id: app-id, key: app-key, secret: app-secret},"
            + " {id: dormant, key: dormant-key, secret: dormant-secret, enabled: false}]";

    /** A response, its body read and its buffer released. */
    record Reply(int status, String body, HttpHeaders headers) {}

    final RecordingHub hub = new RecordingHub();
    final HeraldMetrics metrics = new HeraldMetrics();
    final HeraldConfig config;
    final ApiRequestHandler handler;
    final EmbeddedChannel channel;

    ApiFixture(String... overrides) {
        List<String> all = new ArrayList<>(List.of(APPS));
        all.addAll(List.of(overrides));
        config = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), all));
        handler = new ApiRequestHandler(new io.herald.app.StaticAppRegistry(config.apps()), hub, metrics,
                config.server(), Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
        channel = new EmbeddedChannel(new SimpleChannelInboundHandler<FullHttpRequest>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
                handler.handle(ctx, request);
            }
        });
    }

    Reply post(String path, String body) {
        return send(signedRequest(HttpMethod.POST, path, Map.of(), body));
    }

    /** A signed GET; {@code params} are name, value pairs. */
    Reply get(String path, String... params) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i < params.length; i += 2) {
            query.put(params[i], params[i + 1]);
        }
        return send(signedRequest(HttpMethod.GET, path, query, null));
    }

    FullHttpRequest signedRequest(HttpMethod method, String path, Map<String, String> params, String body) {
        return signedRequest(method, path, path, params, body, KEY, SECRET, NOW);
    }

    /**
     * A request to {@code wirePath} signed over {@code signedPath}, with the query percent-encoded
     * as pusher-http-java and pusher-http-php send it.
     */
    static FullHttpRequest signedRequest(HttpMethod method, String wirePath, String signedPath, Map<String, String> params,
                                         String body, String key, String secret, long timestamp) {
        Map<String, String> query = new TreeMap<>(params);
        query.put("auth_key", key);
        query.put("auth_timestamp", Long.toString(timestamp));
        query.put("auth_version", "1.0");
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            query.put("body_md5", Signatures.md5Hex(bytes));
        }
        String toSign = method.name() + "\n" + signedPath + "\n" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        query.put("auth_signature", Signatures.hmacSha256Hex(secret, toSign));
        return request(method, wirePath + "?" + encode(query), bytes);
    }

    static FullHttpRequest request(HttpMethod method, String uri, byte[] body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(body));
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (body.length > 0) {
            request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        }
        return request;
    }

    static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    Reply send(FullHttpRequest request) {
        channel.writeInbound(request);
        return readReply();
    }

    /** The next response written, read and released. */
    Reply readReply() {
        FullHttpResponse response = channel.readOutbound();
        try {
            return new Reply(response.status().code(), response.content().toString(StandardCharsets.UTF_8), response.headers());
        } finally {
            response.release();
        }
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
        metrics.close();
    }
}
