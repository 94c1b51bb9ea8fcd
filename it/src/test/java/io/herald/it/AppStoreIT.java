package io.herald.it;

import static io.herald.it.GatewayAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.connection.ConnectionState;
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
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (RawPusherClient other = RawPusherClient.connect(node.wsUrl("other-key") + RawPusherClient.JS_QUERY)) {
                    assertThat(other.socketId()).isNotEmpty();
                }
            });
        }
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
