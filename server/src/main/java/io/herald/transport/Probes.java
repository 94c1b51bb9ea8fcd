package io.herald.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.function.BooleanSupplier;

/** {@code /health} (the process is alive) and {@code /ready} (it accepts connections). */
final class Probes {

    private Probes() {}

    static boolean answer(ChannelHandlerContext ctx, HttpRequest request, String path, BooleanSupplier ready) {
        switch (path) {
            case "/health" -> HttpResponses.json(ctx, request, HttpResponseStatus.OK, "{\"status\":\"ok\"}");
            case "/ready" -> {
                boolean isReady = ready.getAsBoolean();
                HttpResponses.json(ctx, request, isReady ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        isReady ? "{\"status\":\"ready\"}" : "{\"status\":\"not ready\"}");
            }
            default -> {
                return false;
            }
        }
        return true;
    }
}
