package io.herald.config;

import io.herald.app.AppConfig;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks the meaning of a typed configuration: ranges, uniqueness, well-formed values. */
final class ConfigValidator {

    /** Interpolated into queries, so nothing but an identifier (soketi's is apps). */
    private static final Pattern SQL_TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** An HTTP header name (an RFC 9110 token). */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]{1,100}");

    private ConfigValidator() {}

    static void validate(HeraldConfig config, Problems problems) {
        validateServer(config.server(), problems);
        validateMetrics(config, problems);
        validateTls(config, problems);
        validateApps(config.apps(), problems);
        WebhooksValidator.validate(config.webhooks(), config.apps(), problems);
        validateCluster(config.cluster(), problems);
        validateAppStore(config.appStore(), config.apps(), problems);
        validateAdmin(config.admin(), problems);
    }

    private static void validateAdmin(HeraldConfig.AdminConfig admin, Problems problems) {
        admin.readTokens().forEach((name, token) -> validateToken("admin.read-tokens." + name, token, problems));
        admin.adminTokens().forEach((name, token) -> {
            validateToken("admin.admin-tokens." + name, token, problems);
            if (admin.readTokens().containsKey(name)) {
                problems.at("admin.admin-tokens." + name, "the name is also a read token's; names must be unique");
            }
        });
        HeraldConfig.ConsoleConfig console = admin.console();
        if (console.sessionTimeout() < 1000) {
            problems.at("admin.console.session-timeout", "must be at least 1000 (milliseconds)");
        }
        if (console.maxSessions() < 1) {
            problems.at("admin.console.max-sessions", "must be at least 1");
        }
        if (console.debugEventsPerSecond() < 1) {
            problems.at("admin.console.debug-events-per-second", "must be at least 1");
        }
        if (console.debugBuffer() < 2) {
            problems.at("admin.console.debug-buffer", "must be at least 2");
        }
        if (console.loginFailuresPerMinute() < 0) {
            problems.at("admin.console.login-failures-per-minute", "must be 0 (no limit) or more");
        }
    }

    private static void validateToken(String at, String token, Problems problems) {
        if (token.startsWith("sha256:")) {
            if (!token.substring("sha256:".length()).matches("[0-9a-fA-F]{64}")) {
                problems.at(at, "sha256: must be followed by the 64 hex digits of the token's SHA-256");
            }
        } else if (token.length() < 16) {
            problems.at(at, "a token of at least 16 characters, or sha256:HEX of one (got " + token.length() + " characters)");
        }
    }

    private static void validateAppStore(AppStoreConfig store, List<AppConfig> apps, Problems problems) {
        if (!store.driver().isSql()) {
            return;
        }
        if (apps.size() != 1 || !apps.getFirst().isDemo()) {
            problems.at("apps", "the apps come from the database (app-store.driver: "
                    + store.driver().name().toLowerCase(java.util.Locale.ROOT)
                    + "); leave apps out of the configuration and keep them in the table (docs/apps.md)");
        }
        List<String> schemes = store.driver() == AppStoreConfig.Driver.POSTGRES
                ? List.of("jdbc:postgresql://") : List.of("jdbc:mysql://", "jdbc:mariadb://");
        if (schemes.stream().noneMatch(store.url()::startsWith)) {
            problems.at("app-store.url", "a JDBC URL starting with " + String.join(" or ", schemes)
                    + " is needed with app-store.driver " + store.driver().name().toLowerCase(java.util.Locale.ROOT)
                    + " (got '" + store.url() + "')");
        }
        if (!SQL_TABLE.matcher(store.table()).matches()) {
            problems.at("app-store.table", "a table name, optionally schema.table: letters, digits and '_', not starting"
                    + " with a digit (got '" + store.table() + "')");
        }
        if (!store.passwordFile().isEmpty() && !Files.isReadable(Path.of(store.passwordFile()))) {
            problems.at("app-store.password-file", "cannot read '" + store.passwordFile() + "'");
        }
        atLeast("app-store.pool-size", store.poolSize(), 1, problems);
        atLeast("app-store.connection-timeout", store.connectionTimeout(), 250, problems);
        atLeast("app-store.cache-size", store.cacheSize(), 1, problems);
        atLeast("app-store.negative-ttl", store.negativeTtl(), 0, problems);
        atLeast("app-store.refresh-interval", store.refreshInterval(), 1000, problems);
    }

    private static void validateCluster(ClusterConfig cluster, Problems problems) {
        if (!cluster.enabled()) {
            return;
        }
        atLeast("cluster.heartbeat", cluster.heartbeat(), 100, problems);
        if (cluster.lease() < 2 * cluster.heartbeat()) {
            problems.at("cluster.lease", "must be at least twice cluster.heartbeat (" + cluster.heartbeat()
                    + "), so one late renewal does not declare a live node dead (got " + cluster.lease() + ")");
        }
        WebhooksValidator.redisUrl("cluster.redis.url", cluster.redis().url(), cluster.redis().mode(), problems);
        atLeast("cluster.redis.state-partitions", cluster.redis().statePartitions(), 1, problems);
        atLeast("cluster.redis.bus-queue-limit", cluster.redis().busQueueLimit(), 1, problems);
        if (cluster.bus() == ClusterConfig.BusDriver.NATS) {
            WebhooksValidator.url("cluster.nats.url", cluster.nats().url(), List.of("nats", "tls"), problems);
        }
        if (cluster.nodeId().length() > 100 || !cluster.nodeId().matches("[A-Za-z0-9_\\-.]*")) {
            problems.at("cluster.node-id", "letters, digits, '-', '_' and '.' only, at most 100 (got '"
                    + cluster.nodeId() + "')");
        }
    }

    private static void validateServer(HeraldConfig.ServerConfig server, Problems problems) {
        host("server.host", server.host(), problems);
        port("server.port", server.port(), problems);
        String prefix = server.pathPrefix();
        if (!prefix.isEmpty() && (!prefix.startsWith("/") || prefix.endsWith("/") || prefix.contains("?"))) {
            problems.at("server.path-prefix", "must be empty or start with / and not end with / (got '" + prefix + "')");
        }
        atLeast("server.event-loops", server.eventLoops(), 0, problems);
        atLeast("server.max-message-size", server.maxMessageSize(), 1024, problems);
        atLeast("server.max-request-size", server.maxRequestSize(), 1024, problems);
        atLeast("server.max-outbound-buffer", server.maxOutboundBuffer(), 8192, problems);
        atLeast("server.activity-timeout", server.activityTimeout(), 1, problems);
        atLeast("server.pong-timeout", server.pongTimeout(), 1, problems);
        atLeast("server.max-connections", server.maxConnections(), 0, problems);
        atLeast("server.request-timeout", server.requestTimeout(), 1, problems);
        atLeast("server.per-address.max-connections", server.perAddress().maxConnections(), 0, problems);
        atLeast("server.per-address.connections-per-second", server.perAddress().connectionsPerSecond(), 0, problems);
        String header = server.perAddress().addressHeader();
        if (!header.isEmpty() && !HEADER_NAME.matcher(header).matches()) {
            problems.at("server.per-address.address-header", "must be an HTTP header name such as X-Forwarded-For (got '" + header + "')");
        }
        atLeast("server.drain.window", server.drain().window(), 1, problems);
        atLeast("server.drain.batches", server.drain().batches(), 1, problems);
        atLeast("server.drain.rate", server.drain().rate(), 0, problems);
    }

    /** The certificate files are checked whenever a listener will use them, so a typo fails the check, not the start. */
    private static void validateTls(HeraldConfig config, Problems problems) {
        HeraldConfig.Tls tls = config.server().tls();
        atLeast("server.tls.reload-interval", tls.reloadInterval(), 0, problems);
        boolean metricsTls = config.metrics().enabled() && config.metrics().tls();
        if (!tls.enabled() && !metricsTls) {
            return;
        }
        String user = tls.enabled() ? "server.tls.enabled" : "metrics.tls";
        readableFile("server.tls.cert-file", tls.certFile(), user, problems);
        readableFile("server.tls.key-file", tls.keyFile(), user, problems);
    }

    private static void readableFile(String key, String file, String neededBy, Problems problems) {
        if (file.isBlank()) {
            problems.at(key, "must name a PEM file when " + neededBy + " is true");
            return;
        }
        Path path;
        try {
            path = Path.of(file);
        } catch (InvalidPathException e) {
            problems.at(key, "not a valid file name: '" + file + "'");
            return;
        }
        if (!Files.exists(path)) {
            problems.at(key, "no such file: " + file);
        } else if (!Files.isRegularFile(path)) {
            problems.at(key, "not a file: " + file);
        } else if (!Files.isReadable(path)) {
            problems.at(key, "cannot be read (permissions?): " + file);
        }
    }

    private static void validateMetrics(HeraldConfig config, Problems problems) {
        if (!config.metrics().enabled()) {
            return;
        }
        host("metrics.host", config.metrics().host(), problems);
        port("metrics.port", config.metrics().port(), problems);
        if (config.metrics().port() != 0 && config.metrics().port() == config.server().port()) {
            problems.at("metrics.port", "must differ from server.port (" + config.server().port() + ")");
        }
    }

    private static void validateApps(List<AppConfig> apps, Problems problems) {
        Set<String> ids = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < apps.size(); i++) {
            AppConfig app = apps.get(i);
            String at = "apps[" + i + "]";
            if (!AppConfig.isWellFormedName(app.id())) {
                problems.at(at + ".id", "letters, digits, '-', '_' and '.' only (got '" + app.id() + "')");
            }
            if (!AppConfig.isWellFormedName(app.key())) {
                problems.at(at + ".key", "letters, digits, '-', '_' and '.' only (got '" + app.key() + "')");
            }
            if (!ids.add(app.id())) {
                problems.at(at + ".id", "'" + app.id() + "' is used by another app");
            }
            if (!keys.add(app.key())) {
                problems.at(at + ".key", "'" + app.key() + "' is used by another app");
            }
            atLeast(at + ".client-events-per-second", app.clientEventsPerSecond(), 0, problems);
            atLeast(at + ".user-authentication-timeout", app.userAuthenticationTimeout(), 1, problems);
            atLeast(at + ".max-connections", app.maxConnections(), 0, problems);
            atLeast(at + ".max-presence-members", app.maxPresenceMembers(), 1, problems);
            atLeast(at + ".max-presence-member-size", app.maxPresenceMemberSize(), 1, problems);
            atLeast(at + ".max-user-id-length", app.maxUserIdLength(), 1, problems);
            atLeast(at + ".max-event-size", app.maxEventSize(), 1, problems);
            atLeast(at + ".max-channel-name-length", app.maxChannelNameLength(), 1, problems);
            atLeast(at + ".max-event-name-length", app.maxEventNameLength(), 1, problems);
            atLeast(at + ".max-channels-per-publish", app.maxChannelsPerPublish(), 1, problems);
            atLeast(at + ".max-batch-size", app.maxBatchSize(), 1, problems);
            atLeast(at + ".max-channels-per-connection", app.maxChannelsPerConnection(), 1, problems);
            atLeast(at + ".max-watchlist-size", app.maxWatchlistSize(), 0, problems);
            atLeast(at + ".cache-ttl", app.cacheTtl(), 1, problems);
            atLeast(at + ".max-backend-events-per-second", app.maxBackendEventsPerSecond(), 0, problems);
            atLeast(at + ".max-read-requests-per-second", app.maxReadRequestsPerSecond(), 0, problems);
            if (app.terminateCloseCode() < 4000 || app.terminateCloseCode() > 4999) {
                problems.at(at + ".terminate-close-code", "must be a Pusher close code, 4000 to 4999 (got "
                        + app.terminateCloseCode() + ")");
            }
            validateRotation(app, at, problems);
        }
    }

    private static void validateRotation(AppConfig app, String at, Problems problems) {
        if (!app.previousSecretExpiresAt().isEmpty()) {
            try {
                Instant.parse(app.previousSecretExpiresAt());
            } catch (DateTimeParseException e) {
                problems.at(at + ".previous-secret-expires-at", "an ISO-8601 time such as 2026-12-07T20:00:00Z (got '"
                        + app.previousSecretExpiresAt() + "')");
            }
        } else if (!app.previousSecret().isEmpty()) {
            problems.at(at + ".previous-secret", "needs previous-secret-expires-at, the end of its grace period");
        }
    }

    private static void host(String key, String host, Problems problems) {
        if (host.isBlank()) {
            problems.at(key, "must name an address to listen on, such as 0.0.0.0 or 127.0.0.1");
        }
    }

    private static void port(String key, int port, Problems problems) {
        if (port < 0 || port > 65535) {
            problems.at(key, "must be 0 to 65535 (got " + port + ")");
        }
    }

    private static void atLeast(String key, int value, int min, Problems problems) {
        if (value < min) {
            problems.at(key, "must be at least " + min + " (got " + value + ")");
        }
    }
}
