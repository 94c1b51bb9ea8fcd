package io.herald.config;

import io.herald.app.AppConfig;
import java.util.List;

/** The whole typed configuration of a node; built only by {@link ConfigLoader}. */
public record HeraldConfig(ServerConfig server, MetricsConfig metrics, WebhooksConfig webhooks, ClusterConfig cluster,
        List<AppConfig> apps) {

    public HeraldConfig {
        apps = List.copyOf(apps);
    }

    /** Gateway and HTTP API listener. */
    public record ServerConfig(
            String host,
            int port,
            String pathPrefix,
            Transport transport,
            int eventLoops,
            int maxMessageSize,
            int maxRequestSize,
            int maxOutboundBuffer,
            int activityTimeout,
            int pongTimeout,
            boolean requireProtocolVersion,
            int maxConnections,
            List<String> corsOrigins) {

        public ServerConfig {
            corsOrigins = List.copyOf(corsOrigins);
        }
    }

    /** Prometheus metrics and health listener. */
    public record MetricsConfig(boolean enabled, String host, int port) {}

    /** Network transport choice; AUTO takes epoll where the native library loads. */
    public enum Transport {
        AUTO, EPOLL, IO_URING, NIO
    }
}
