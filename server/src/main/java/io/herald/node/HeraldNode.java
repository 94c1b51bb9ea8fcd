package io.herald.node;

import io.herald.channel.ChannelHub;
import io.herald.config.HeraldConfig;
import io.herald.metrics.HeraldMetrics;

/**
 * One running Herald node: its listeners, gateway, HTTP API and metrics, wired from a
 * {@link HeraldConfig}. {@link #start} returns once every listener is bound.
 */
public final class HeraldNode implements AutoCloseable {

    private HeraldNode() {}

    public static HeraldNode start(HeraldConfig config) {
        throw new UnsupportedOperationException("wired in the gateway change");
    }

    /** The bound WebSocket and HTTP API port (the real one when configured as 0). */
    public int port() {
        throw new UnsupportedOperationException();
    }

    /** The bound metrics port, or -1 when metrics are disabled. */
    public int metricsPort() {
        throw new UnsupportedOperationException();
    }

    public ChannelHub hub() {
        throw new UnsupportedOperationException();
    }

    public HeraldMetrics metrics() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}
}
