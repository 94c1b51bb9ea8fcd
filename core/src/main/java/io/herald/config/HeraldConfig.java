package io.herald.config;

import io.herald.app.AppConfig;
import java.util.List;
import java.util.Map;

/** The whole typed configuration of a node; built only by {@link ConfigLoader}. */
public record HeraldConfig(ServerConfig server, MetricsConfig metrics, WebhooksConfig webhooks, ClusterConfig cluster,
        AdminConfig admin, AppStoreConfig appStore, List<AppConfig> apps) {

    public HeraldConfig {
        apps = List.copyOf(apps);
    }

    /**
     * Bearer tokens of the admin API by name: read-only ones and ones that may change apps. A value
     * is the token, or {@code sha256:HEX} of it.
     */
    public record AdminConfig(Map<String, String> readTokens, Map<String, String> adminTokens, ConsoleConfig console) {

        public AdminConfig {
            readTokens = Map.copyOf(readTokens);
            adminTokens = Map.copyOf(adminTokens);
        }

        public boolean enabled() {
            return !readTokens.isEmpty() || !adminTokens.isEmpty();
        }
    }

    /**
     * The web console on the metrics port (docs/console.md).
     *
     * @param sessionTimeout milliseconds a session lasts after its last request
     * @param debugEventsPerSecond debug events a second one console is sent; more are left out with a marker
     * @param debugBuffer debug events that may wait for one console before it is cut off
     * @param loginFailuresPerMinute failed logins one client address may make in a minute; 0: no limit
     */
    public record ConsoleConfig(boolean enabled, int sessionTimeout, int maxSessions, int debugEventsPerSecond,
            int debugBuffer, int loginFailuresPerMinute) {}

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
            int requestTimeout,
            PerAddress perAddress,
            List<String> corsOrigins,
            Drain drain,
            Tls tls) {

        public ServerConfig {
            corsOrigins = List.copyOf(corsOrigins);
        }
    }

    /**
     * Limits per client address (0: none): connections open at once and new connections per
     * second. The address is the connection's peer unless {@code addressHeader} names a header a
     * proxy in front sets; then only WebSocket connections count, by the address in that header.
     */
    public record PerAddress(int maxConnections, int connectionsPerSecond, String addressHeader) {

        public boolean limits() {
            return maxConnections > 0 || connectionsPerSecond > 0;
        }
    }

    /**
     * How a node stops on SIGTERM: within {@code window} seconds it tells its clients to
     * reconnect elsewhere in {@code batches} groups spread over the window, hands its webhooks to
     * the durable queue and exits. With a {@code rate} (clients a second, 0 for none) the groups
     * are spread over the time that rate takes for the clients the node holds, when shorter than
     * the window, so the reconnect wave the rest of the cluster takes is the same whatever the
     * node's size.
     */
    public record Drain(int window, int batches, int rate) {}

    /**
     * TLS for the main listener (and the metrics listener when {@link MetricsConfig#tls()}): a PEM
     * certificate chain and its PEM private key, checked for changes every
     * {@code reloadInterval} seconds (0: never).
     */
    public record Tls(boolean enabled, String certFile, String keyFile, int reloadInterval) {}

    /** Prometheus metrics and health listener; {@code tls} serves it with the server.tls certificate. */
    public record MetricsConfig(boolean enabled, String host, int port, boolean tls) {}

    /** Network transport choice; AUTO takes epoll where the native library loads. */
    public enum Transport {
        AUTO, EPOLL, IO_URING, NIO
    }
}
