package io.herald.console;

import io.herald.transport.HttpResponses;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's pages, scripts and styles, read from the jar (built in at build time, nothing
 * fetched at run time): {@code io/herald/console/assets/} of Herald's own, and the uPlot webjar.
 * Each is read once and kept; only plain file names are looked up.
 */
final class ConsoleAssets {

    private static final String OWN = "/io/herald/console/assets/";
    private static final Map<String, String> VENDOR = Map.of(
            "uPlot.esm.js", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.esm.js",
            "uPlot.min.css", "/META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-zA-Z0-9.-]{0,80}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /**
     * Scripts and styles only from this server; no inline script, so data that slipped into the
     * page as markup still could not run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    /** Answers {@code name} (a file of the assets or the vendored libraries), or 404. */
    void serve(ChannelHandlerContext ctx, HttpRequest request, String name) {
        byte[] content = NAME.matcher(name).matches() ? cache.computeIfAbsent(name, ConsoleAssets::read) : null;
        if (content == null || content.length == 0) {
            cache.remove(name);
            HttpResponses.json(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"Not found\"}");
            return;
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.wrappedBuffer(content));
        String extension = name.substring(name.lastIndexOf('.') + 1);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, TYPES.getOrDefault(extension, "application/octet-stream"));
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        secure(response);
        HttpResponses.send(ctx, request, response);
    }

    /** The headers every console answer carries. */
    static void secure(FullHttpResponse response) {
        response.headers().set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.headers().set("X-Content-Type-Options", "nosniff");
        response.headers().set("Referrer-Policy", "no-referrer");
        response.headers().set("X-Frame-Options", "DENY");
    }

    private static byte[] read(String name) {
        String path = VENDOR.getOrDefault(name, OWN + name);
        try (InputStream in = ConsoleAssets.class.getResourceAsStream(path)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console's " + path, e);
        }
    }
}
