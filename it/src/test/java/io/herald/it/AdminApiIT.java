package io.herald.it;

import static io.herald.it.GatewayAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.Pusher;
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
 * The admin API on the metrics port of a two-node cluster whose apps are in PostgreSQL: tokens
 * and their scopes, a change through one node in force on the other within a second (an update of
 * the key, a limit and the allowed origins; a disable), secret rotation with a grace period.
 */
class AdminApiIT {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private static final String ADMIN_TOKEN = "admin-token-0123456789";
    private static final String ADMIN_TOKEN_SHA256 = "ca8d40e6ce4716b552f1c69863335b502f2afb57ffae171d6675fd56d91ca5b2";
    private static final String READ_TOKEN = "read-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void soketisTableAndHeraldsOwn() {
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps", "DROP TABLE IF EXISTS herald_app_settings",
                "DROP TABLE IF EXISTS herald_schema_history");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);
        HeraldTables.migrate(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), storeSettings()))
                .appStore());
    }

    private static List<String> storeSettings() {
        return List.of("app-store.driver=postgres", "app-store.url=" + POSTGRES.get().jdbcUrl(),
                "app-store.username=" + PostgresServer.USER);
    }

    /** A node of the cluster; the table is re-read only every ten minutes, so what it sees fast came over the bus. */
    private static TestNode node() {
        List<String> settings = new ArrayList<>(storeSettings());
        settings.addAll(List.of("app-store.refresh-interval=600000", "cluster.enabled=true",
                "cluster.redis.url=" + REDIS.get().url(),
                "admin.read-tokens={reader: " + READ_TOKEN + "}",
                "admin.admin-tokens={ops: 'sha256:" + ADMIN_TOKEN_SHA256 + "'}"));
        return TestNode.start(settings.toArray(String[]::new));
    }

    private static HttpResponse<String> call(TestNode node, String method, String path, String token) {
        return call(node, method, path, token, null);
    }

    private static HttpResponse<String> call(TestNode node, String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of a query's rows, as the store holds them. */
    private static String stored(String query) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(POSTGRES.get().jdbcUrl(), PostgresServer.USER, "");
                java.sql.ResultSet rows = connection.createStatement().executeQuery(query)) {
            StringBuilder values = new StringBuilder();
            while (rows.next()) {
                values.append(rows.getString(1));
            }
            return values.toString();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode body(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(response.body(), e);
        }
    }

    private static int apiStatus(TestNode node, String secret) {
        Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, secret);
        sdk.setHost(TestNode.HOST + ":" + node.port());
        sdk.setEncrypted(false);
        return sdk.get("/channels", Map.of()).getHttpStatus();
    }

    @Test
    void asksForATokenAndKeepsReadTokensToReading() {
        try (TestNode node = node()) {
            assertThat(call(node, "GET", "/admin/apps", null).statusCode()).isEqualTo(401);
            assertThat(call(node, "GET", "/admin/apps", "not-a-token-at-all").statusCode()).isEqualTo(401);

            HttpResponse<String> list = call(node, "GET", "/admin/apps", READ_TOKEN);
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat(body(list).path("apps").get(0).path("id").asText()).isEqualTo("app-id");
            assertThat(list.body()).doesNotContain("app-secret");

            HttpResponse<String> refused = call(node, "POST", "/admin/apps/app-id/disable", READ_TOKEN);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(body(refused).path("error").asText()).contains("reader", "may only read");
            assertThat(call(node, "GET", "/admin/apps/no-such-app", ADMIN_TOKEN).statusCode()).isEqualTo(404);

            HttpResponse<String> publicPort = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpBase() + "/admin/apps"))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(publicPort.statusCode()).as("never on the public port").isEqualTo(404);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void disablesAnAppOnEveryNodeWithinASecond() {
        try (TestNode a = node(); TestNode b = node();
                RawPusherClient onB = RawPusherClient.connect(b.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
            assertThat(onB.socketId()).isNotEmpty();
            await().untilAsserted(() -> assertThat(body(call(a, "GET", "/admin/apps/app-id", READ_TOKEN))
                    .path("connections").asLong()).as("counted across the cluster").isEqualTo(1));

            HttpResponse<String> disabled = call(a, "POST", "/admin/apps/app-id/disable", ADMIN_TOKEN);
            long changedAt = System.nanoTime();
            assertThat(disabled.statusCode()).isEqualTo(200);
            assertThat(body(disabled).path("enabled").asBoolean()).isFalse();

            assertThat(onB.awaitClose().code()).isEqualTo(4003);
            long tookMillis = (System.nanoTime() - changedAt) / 1_000_000;
            assertThat(tookMillis).as("node B closed the app's connection %d ms after the change", tookMillis)
                    .isLessThan(1_000);
            try (RawPusherClient refused = RawPusherClient.connect(b.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(refused, 4003);
            }

            assertThat(call(a, "POST", "/admin/apps/app-id/enable", ADMIN_TOKEN).statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                try (RawPusherClient again = RawPusherClient.connect(b.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
                    assertThat(again.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
                }
            });
        }
    }

    @Test
    void rotatesASecretWithAGracePeriodThenOnlyTheNewOne() {
        try (TestNode a = node(); TestNode b = node()) {
            HttpResponse<String> rotated = call(a, "POST", "/admin/apps/app-id/rotate-secret?grace=3600", ADMIN_TOKEN);
            assertThat(rotated.statusCode()).isEqualTo(200);
            String first = body(rotated).path("secret").asText();
            assertThat(first).hasSize(64).isNotEqualTo("app-secret");

            for (TestNode node : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(apiStatus(node, first)).isEqualTo(200));
                assertThat(apiStatus(node, "app-secret")).as("the old one, in its grace period").isEqualTo(200);
            }

            String second = body(call(a, "POST", "/admin/apps/app-id/rotate-secret?grace=0", ADMIN_TOKEN))
                    .path("secret").asText();
            for (TestNode node : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(apiStatus(node, second)).isEqualTo(200));
                assertThat(apiStatus(node, first)).as("no grace").isEqualTo(401);
                assertThat(apiStatus(node, "app-secret")).isEqualTo(401);
            }
            assertThat(call(a, "POST", "/admin/apps/app-id/rotate-secret", ADMIN_TOKEN).statusCode())
                    .as("the grace period is the operator's to set").isEqualTo(400);
        }
    }

    @Test
    void createsAnAppThatConnectsOnEveryNode() {
        try (TestNode a = node(); TestNode b = node()) {
            HttpResponse<String> created = call(a, "POST", "/admin/apps", ADMIN_TOKEN,
                    "{\"id\": \"shop\", \"key\": \"shop-key\", \"max-connections\": 5}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(body(created).path("secret").asText()).hasSize(64);
            assertThat(body(created).path("max_connections").asInt()).isEqualTo(5);

            try (RawPusherClient onB = RawPusherClient.connect(b.wsUrl("shop-key") + RawPusherClient.JS_QUERY)) {
                assertThat(onB.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
            }
            assertThat(call(a, "POST", "/admin/apps", ADMIN_TOKEN, "{\"id\": \"shop\", \"key\": \"other\"}").statusCode())
                    .as("the id exists").isEqualTo(409);
            HttpResponse<String> bad = call(a, "POST", "/admin/apps", ADMIN_TOKEN, "{\"id\": \"x y\", \"key\": \"k\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(body(bad).path("error").asText()).contains("id");
        }
    }

    @Test
    void updatesSomeSettingsOnEveryNodeWithinASecond() {
        try (TestNode a = node(); TestNode b = node()) {
            assertThat(call(a, "PATCH", "/admin/apps/app-id", READ_TOKEN, "{\"max-connections\": 1}").statusCode())
                    .isEqualTo(403);
            HttpResponse<String> notAnObject = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN, "[1]");
            assertThat(notAnObject.statusCode()).isEqualTo(400);
            assertThat(body(notAnObject).path("error").asText()).contains("JSON object");
            HttpResponse<String> badValues = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN,
                    "{\"max-connections\": -3, \"no-such-key\": 1}");
            assertThat(badValues.statusCode()).isEqualTo(400);
            assertThat(body(badValues).path("error").asText()).contains("max-connections", "no-such-key");
            HttpResponse<String> secret = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN, "{\"secret\": \"s\"}");
            assertThat(secret.statusCode()).isEqualTo(400);
            assertThat(body(secret).path("error").asText()).contains("rotate-secret");
            assertThat(call(a, "PATCH", "/admin/apps/no-such-app", ADMIN_TOKEN, "{\"max-connections\": 1}").statusCode())
                    .isEqualTo(404);

            HttpResponse<String> changed = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN,
                    "{\"key\": \"new-key\", \"max-connections\": 50, \"allowed-origins\": [\"https://shop.example\"]}");
            long changedAt = System.nanoTime();
            assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
            assertThat(body(changed).path("max_connections").asInt()).isEqualTo(50);
            assertThat(body(changed).path("key").asText()).isEqualTo("new-key");
            assertThat(changed.body()).doesNotContain("app-secret");

            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                try (RawPusherClient onB = RawPusherClient.connect(b.wsUrl("new-key") + RawPusherClient.JS_QUERY)) {
                    assertThat(onB.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
                }
            });
            long tookMillis = (System.nanoTime() - changedAt) / 1_000_000;
            assertThat(tookMillis).as("node B took the new key %d ms after the change", tookMillis).isLessThan(1_000);
            try (RawPusherClient oldKey = RawPusherClient.connect(b.wsUrl("app-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(oldKey, 4001);
            }
            assertThat(body(call(b, "GET", "/admin/apps/app-id", READ_TOKEN)).path("allowed_origins").get(0).asText())
                    .isEqualTo("https://shop.example");
            try (RawPusherClient elsewhere = RawPusherClient.connectFrom("https://evil.example",
                    b.wsUrl("new-key") + RawPusherClient.JS_QUERY)) {
                assertRefused(elsewhere, 4009);
            }
            try (RawPusherClient shop = RawPusherClient.connectFrom("https://shop.example",
                    b.wsUrl("new-key") + RawPusherClient.JS_QUERY)) {
                assertThat(shop.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
            }
        }
    }

    @Test
    void showsASecretToAdminTokensOnly() {
        try (TestNode node = node()) {
            assertThat(call(node, "GET", "/admin/apps/app-id/secret", READ_TOKEN).statusCode()).isEqualTo(403);
            HttpResponse<String> secret = call(node, "GET", "/admin/apps/app-id/secret", ADMIN_TOKEN);
            assertThat(secret.statusCode()).isEqualTo(200);
            assertThat(body(secret).path("secret").asText()).isEqualTo("app-secret");
        }
    }

    @Test
    void anEndpointChangedUnderItsUrlKeepsItsHeaders() {
        try (TestNode a = node()) {
            HttpResponse<String> hooked = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN,
                    "{\"webhooks\": [{\"url\": \"https://hooks.example/a\", \"headers\": {\"Authorization\": \"Bearer x\"}}]}");
            assertThat(hooked.statusCode()).as(hooked.body()).isEqualTo(200);
            assertThat(hooked.body()).as("headers are never shown").doesNotContain("Bearer x");
            await().atMost(Duration.ofSeconds(1)).until(() -> body(call(a, "GET", "/admin/apps/app-id", READ_TOKEN))
                    .path("webhook_endpoints").size() == 1);
            HttpResponse<String> filtered = call(a, "PATCH", "/admin/apps/app-id", ADMIN_TOKEN,
                    "{\"webhooks\": [{\"url\": \"https://hooks.example/a\", \"channel-prefix\": \"orders-\"}]}");
            assertThat(body(filtered).path("webhook_endpoints").get(0).path("channel_prefix").asText()).isEqualTo("orders-");
            assertThat(stored("SELECT webhooks FROM apps WHERE id = 'app-id'")).as("the endpoint kept its headers")
                    .contains("Bearer x");
        }
    }

    @Test
    void refusesChangesToTheConfigurationsApps() {
        try (TestNode node = TestNode.start("admin.admin-tokens={ops: " + ADMIN_TOKEN + "}")) {
            HttpResponse<String> refused = call(node, "POST", "/admin/apps/app-id/disable", ADMIN_TOKEN);

            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(body(refused).path("error").asText()).contains("configuration");
            assertThat(call(node, "GET", "/admin/apps/app-id", ADMIN_TOKEN).statusCode()).isEqualTo(200);
        }
    }
}
