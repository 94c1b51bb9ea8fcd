package io.herald.it;

import static io.herald.it.GatewayAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.sql.HeraldTables;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes on Redis whose apps are in PostgreSQL (soketi's table): a row inserted into the
 * database while they run is usable on all three within the refresh interval, and a change through
 * one node's admin API is in force on all three within a second.
 */
class AppStoreClusterIT {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private static final String ADMIN_TOKEN = "admin-token-0123456789";
    private static final long REFRESH_MILLIS = 2_000;
    /** What a refresh may take beyond its interval on a busy machine: the read of the table and a connect. */
    private static final long READ_SLACK_MILLIS = 1_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void soketisTableAndHeraldsOwn() {
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps", "DROP TABLE IF EXISTS herald_app_settings",
                "DROP TABLE IF EXISTS herald_schema_history");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);
        HeraldTables.migrate(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER))).appStore());
    }

    private static TestNode node(long refreshMillis) {
        return TestNode.start("app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER, "app-store.refresh-interval=" + refreshMillis,
                "cluster.enabled=true", "cluster.redis.url=" + REDIS.get().url(),
                "admin.admin-tokens={ops: " + ADMIN_TOKEN + "}");
    }

    private static void assertConnects(TestNode node, String key) {
        try (RawPusherClient client = RawPusherClient.connect(node.wsUrl(key) + RawPusherClient.JS_QUERY)) {
            assertThat(client.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
        }
    }

    @Test
    void aRowInsertedWhileTheClusterRunsIsUsableOnEveryNodeWithinTheRefreshInterval() {
        try (TestNode a = node(REFRESH_MILLIS); TestNode b = node(REFRESH_MILLIS); TestNode c = node(REFRESH_MILLIS)) {
            List<TestNode> nodes = List.of(a, b, c);
            // Each node has looked the key up and holds it as unknown (negative-ttl, 30 s): only a refresh brings it.
            for (TestNode node : nodes) {
                try (RawPusherClient unknown = RawPusherClient.connect(node.wsUrl("live-key") + RawPusherClient.JS_QUERY)) {
                    assertRefused(unknown, 4001);
                }
            }

            POSTGRES.get().execute("INSERT INTO apps (id, \"key\", secret, max_connections, enable_stats,"
                    + " enable_client_messages, max_backend_events_per_sec, max_client_events_per_sec,"
                    + " max_read_req_per_sec, webhooks) VALUES ('live', 'live-key', 'live-secret', -1, 0, 1, -1, -1, -1, '[]')");
            long insertedAt = System.nanoTime();

            for (TestNode node : nodes) {
                await().atMost(Duration.ofMillis(REFRESH_MILLIS + READ_SLACK_MILLIS)).pollInterval(Duration.ofMillis(100))
                        .untilAsserted(() -> assertConnects(node, "live-key"));
            }
            long tookMillis = (System.nanoTime() - insertedAt) / 1_000_000;
            assertThat(tookMillis).as("usable on all three %d ms after the insert", tookMillis)
                    .isLessThanOrEqualTo(REFRESH_MILLIS + READ_SLACK_MILLIS);
        }
    }

    @Test
    void aChangeThroughTheAdminApiIsInForceOnEveryNodeWithinASecond() {
        // The table is read again only every ten minutes: what the nodes see within a second came over the bus.
        try (TestNode a = node(600_000); TestNode b = node(600_000); TestNode c = node(600_000)) {
            List<RawPusherClient> clients = new ArrayList<>();
            try {
                for (TestNode node : List.of(a, b, c)) {
                    RawPusherClient client = RawPusherClient.connect(node.wsUrl("app-key") + RawPusherClient.JS_QUERY);
                    clients.add(client);
                    assertThat(client.socketId()).isNotEmpty();
                }

                HttpResponse<String> changed = patch(b, "{\"enabled\": false, \"max-connections\": 5}");
                long changedAt = System.nanoTime();
                assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);

                for (RawPusherClient client : clients) {
                    assertThat(client.awaitClose().code()).isEqualTo(4003);
                }
                long tookMillis = (System.nanoTime() - changedAt) / 1_000_000;
                assertThat(tookMillis).as("the app's connections closed on all three %d ms after the change", tookMillis)
                        .isLessThan(1_000);
                for (TestNode node : List.of(a, b, c)) {
                    try (RawPusherClient refused = RawPusherClient.connect(node.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
                        assertRefused(refused, 4003);
                    }
                }
            } finally {
                clients.forEach(RawPusherClient::close);
            }
        }
    }

    private static HttpResponse<String> patch(TestNode node, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/admin/apps/app-id"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
