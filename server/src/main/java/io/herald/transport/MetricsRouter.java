package io.herald.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The metrics port: Prometheus {@code /metrics}, {@code /health} and {@code /ready}, and the admin API. */
public final class MetricsRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    /** More paths on the metrics port (the admin API), tried before the 404. */
    @FunctionalInterface
    public interface AdminHandler {

        /** Answers the request (released when this returns) and returns true, or returns false for another path. */
        boolean handle(ChannelHandlerContext ctx, FullHttpRequest request, String path);
    }

    private final Supplier<String> scrape;
    private final BooleanSupplier ready;
    private final AdminHandler admin;

    public MetricsRouter(Supplier<String> scrape, BooleanSupplier ready) {
        this(scrape, ready, (ctx, request, path) -> false);
    }

    public MetricsRouter(Supplier<String> scrape, BooleanSupplier ready, AdminHandler admin) {
        this.scrape = scrape;
        this.ready = ready;
        this.admin = admin;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = new QueryStringDecoder(request.uri()).path();
        if (Probes.answer(ctx, request, path, ready)) {
            return;
        }
        if (path.equals("/metrics")) {
            HttpResponses.send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, scrape.get());
        } else if (!admin.handle(ctx, request, path)) {
            HttpResponses.json(ctx, request, HttpResponseStatus.NOT_FOUND, "{\"error\":\"Not found\"}");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
