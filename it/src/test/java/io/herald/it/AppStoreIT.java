package io.herald.it;

import static io.herald.it.GatewayAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.Pusher;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.sql.HeraldTables;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Nodes whose apps live in soketi's table on a real PostgreSQL: the fixture row served to the
 * official clients, the database killed and brought back, a flood of unknown keys.
 */
class AppStoreIT {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeEach
    void soketisFixture() {
        if (!POSTGRES.get().isRunning()) {
            POSTGRES.get().restart();
        }
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);
    }

    private static TestNode node(String... overrides) {
        String[] all = new String[overrides.length + 3];
        all[0] = "app-store.driver=postgres";
        all[1] = "app-store.url=" + POSTGRES.get().jdbcUrl();
        all[2] = "app-store.username=" + PostgresServer.USER;
        System.arraycopy(overrides, 0, all, 3, overrides.length);
        return TestNode.start(all);
    }

    private static void insertApp(String id) {
        POSTGRES.get().execute("INSERT INTO apps (id, \"key\", secret, max_connections, enable_stats, enable_client_messages,"
                + " max_backend_events_per_sec, max_client_events_per_sec, max_read_req_per_sec, webhooks)"
                + " VALUES ('" + id + "', '" + id + "-key', '" + id + "-secret', -1, 1, 1, -1, -1, -1, NULL)");
    }

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servesSoketisFixtureRowToTheOfficialClients() {
        try (TestNode node = node(); JavaClient client = JavaClient.connect(node); RestApi api = RestApi.of(node)) {
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
            ChannelRecorder channel = client.subscribe("news");
            channel.awaitSubscribed();
            api.trigger("news", "story", "{\"from\":\"postgres\"}");
            channel.awaitEvent("story");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void picksUpARowInsertedWhileRunningAndRefusesUnknownKeys() {
        try (TestNode node = node()) {
            try (RawPusherClient unknown = RawPusherClient.connect(node.wsUrl("late-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(unknown, 4001);
            }
            insertApp("fresh");
            try (RawPusherClient fresh = RawPusherClient.connect(node.wsUrl("fresh-key") + RawPusherClient.JS_QUERY)) {
                assertThat(fresh.socketId()).isNotEmpty();
            }
        }
    }

    @Test
    void keepsKnownAppsWorkingWhileTheDatabaseIsDownAndRecovers() {
        try (TestNode node = node("app-store.connection-timeout=500"); JavaClient before = JavaClient.connect(node)) {
            POSTGRES.get().kill();

            try (JavaClient during = JavaClient.connect(node)) {
                assertThat(during.state()).isEqualTo(ConnectionState.CONNECTED);
            }
            assertThat(status("http://127.0.0.1:" + node.metricsPort() + "/ready")).isEqualTo(200);
            try (RawPusherClient unknown = RawPusherClient.connect(node.wsUrl("other-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(unknown, 4001);
            }
            assertThat(before.state()).isEqualTo(ConnectionState.CONNECTED);
            await().untilAsserted(() -> assertThat(Scrapes.sum(node, "herald_app_store_errors_total")).isPositive());

            POSTGRES.get().restart();
            insertApp("other");
            // Refused for a second after each error; then the database is asked again.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (RawPusherClient other = RawPusherClient.connect(node.wsUrl("other-key") + RawPusherClient.JS_QUERY)) {
                    assertThat(other.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
                }
            });
        }
    }

    @Test
    void disablingAnAppInTheDatabaseClosesItsConnectionsAndRefusesItsCalls() {
        try (TestNode node = node("app-store.refresh-interval=1000");
                RawPusherClient open = RawPusherClient.connect(node.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
            assertThat(open.socketId()).isNotEmpty();

            POSTGRES.get().execute("ALTER TABLE apps ADD COLUMN enabled smallint NOT NULL DEFAULT 1",
                    "UPDATE apps SET enabled = 0 WHERE id = 'app-id'");

            assertThat(open.awaitClose().code()).isEqualTo(4003);
            try (RawPusherClient refused = RawPusherClient.connect(node.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(refused, 4003);
            }
            assertThat(sdk(node, "app-secret").get("/channels", Map.of()).getHttpStatus()).isEqualTo(403);
        }
    }

    @Test
    void acceptsThePreviousSecretDuringTheGracePeriodOnly() {
        HeraldTables.migrate(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER))).appStore());
        POSTGRES.get().execute("DELETE FROM herald_app_settings");
        try (TestNode node = node("app-store.refresh-interval=1000")) {
            assertThat(sdk(node, "app-secret").get("/channels", Map.of()).getHttpStatus()).isEqualTo(200);

            POSTGRES.get().execute("UPDATE apps SET secret = 'new-secret' WHERE id = 'app-id'",
                    "INSERT INTO herald_app_settings (app_id, settings) VALUES ('app-id', '{\"previous-secret\": \"app-secret\","
                            + " \"previous-secret-expires-at\": \"" + Instant.now().plusSeconds(3600) + "\"}')");
            await().untilAsserted(() -> assertThat(sdk(node, "new-secret").get("/channels", Map.of()).getHttpStatus())
                    .isEqualTo(200));
            assertThat(sdk(node, "app-secret").get("/channels", Map.of()).getHttpStatus()).as("old, in its grace period")
                    .isEqualTo(200);

            POSTGRES.get().execute("UPDATE herald_app_settings SET settings = '{\"previous-secret\": \"app-secret\","
                    + " \"previous-secret-expires-at\": \"" + Instant.now().minusSeconds(1) + "\"}'");
            await().untilAsserted(() -> assertThat(sdk(node, "app-secret").get("/channels", Map.of()).getHttpStatus())
                    .as("old, after its grace period").isEqualTo(401));
            assertThat(sdk(node, "new-secret").get("/channels", Map.of()).getHttpStatus()).isEqualTo(200);
        } finally {
            POSTGRES.get().execute("DROP TABLE herald_app_settings", "DROP TABLE herald_schema_history");
        }
    }

    /** pusher-http-java for the fixture app, signing with {@code secret}. */
    private static Pusher sdk(TestNode node, String secret) {
        Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, secret);
        sdk.setHost(TestNode.HOST + ":" + node.port());
        sdk.setEncrypted(false);
        return sdk;
    }

    @Test
    void asksTheDatabaseOncePerUnknownIdOfAFlood() {
        try (TestNode node = node()) {
            String base = node.httpBase() + "/apps/";
            for (int i = 0; i < 10_000; i++) {
                assertThat(status(base + UUID.randomUUID() + "/channels")).isEqualTo(404);
            }
            double loads = Scrapes.sum(node, "herald_app_store_load_seconds_count{by=\"id\"");
            assertThat(loads).isEqualTo(10_000);

            for (int i = 0; i < 1_000; i++) {
                status(base + "'%20OR%201=1%20--/channels");
            }
            assertThat(Scrapes.sum(node, "herald_app_store_load_seconds_count{by=\"id\"")).as("malformed ids never asked")
                    .isEqualTo(loads);
        }
    }
}
