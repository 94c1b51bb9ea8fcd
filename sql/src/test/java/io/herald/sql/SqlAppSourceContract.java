package io.herald.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.app.AppConflictException;
import io.herald.app.AppStoreException;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every SQL app store does, run once per database against a real server: soketi's table read
 * as it is, bad rows skipped, values bound as parameters, Herald's own settings laid over.
 */
abstract class SqlAppSourceContract {

    /** The driver name under app-store.driver. */
    abstract String driver();

    abstract String url();

    abstract String username();

    abstract void execute(String... statements);

    /** soketi's schema for this database, with its fixture row (app-id, app-key, app-secret). */
    abstract String[] soketiFixture();

    /** A column name quoted for this database (key is a keyword in MySQL). */
    abstract String quoted(String column);

    /** Kills the database process. */
    abstract void killDatabase();

    /** Starts it again if a test stopped it. */
    abstract void ensureDatabaseRunning();

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqlAppSource source;

    @BeforeEach
    void freshTable() {
        ensureDatabaseRunning();
        execute("DROP TABLE IF EXISTS apps", "DROP TABLE IF EXISTS herald_app_settings",
                "DROP TABLE IF EXISTS herald_schema_history", "DROP TABLE IF EXISTS broken_apps");
        execute(soketiFixture());
    }

    @AfterEach
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    HeraldConfig config(String... settings) {
        List<String> flags = new ArrayList<>(List.of("app-store.driver=" + driver(), "app-store.url=" + url(),
                "app-store.username=" + username()));
        flags.addAll(List.of(settings));
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), flags));
    }

    SqlAppSource open(String... settings) {
        HeraldConfig config = config(settings);
        source = SqlAppSource.open(config.appStore(), config.webhooks().endpointDefaults());
        return source;
    }

    void insert(String id, String key, String webhooks) {
        execute("INSERT INTO apps (id, " + quoted("key") + ", secret, max_connections, " + enabledColumn()
                + ", enable_client_messages, max_backend_events_per_sec, max_client_events_per_sec, max_read_req_per_sec,"
                + " webhooks) VALUES ('" + id + "', '" + key + "', 'secret-" + id + "', -1, 1, 0, -1, 5, -1, "
                + (webhooks == null ? "NULL" : "'" + webhooks + "'") + ")");
    }

    /** Turns the webhooks column into text, which holds what a JSON column would refuse. */
    abstract String webhooksAsText();

    /** soketi's PostgreSQL fixture has enable_stats where its MySQL one has enabled. */
    abstract String enabledColumn();

    @Test
    void servesSoketisFixtureRowAsItIs() {
        AppConfig app = open().loadByKey("app-key").orElseThrow();

        assertThat(app.id()).isEqualTo("app-id");
        assertThat(app.secret()).isEqualTo("app-secret");
        assertThat(app.maxConnections()).isEqualTo(200);
        assertThat(app.enabled()).isTrue();
        assertThat(app.clientEvents()).isTrue();
        assertThat(app.clientEventsPerSecond()).as("-1: no limit").isZero();
        assertThat(app.webhooks()).isEmpty();
        assertThat(source.loadById("app-id")).contains(app);
        assertThat(source.loadAll()).containsExactly(app);
    }

    @Test
    void readsSoketisWebhooksAndLimits() {
        insert("hooks", "hooks-key", "[{\"url\": \"https://example.com/hook\", \"event_types\": [\"channel_occupied\"],"
                + " \"filter\": {\"channel_name_starts_with\": \"private-\", \"channel_name_ends_with\": \"-room\"}},"
                + " {\"lambda_function\": \"some-function\", \"event_types\": [\"client_event\"]}]");

        AppConfig app = open().loadByKey("hooks-key").orElseThrow();

        assertThat(app.maxConnections()).as("-1: no limit").isZero();
        assertThat(app.clientEvents()).isFalse();
        assertThat(app.clientEventsPerSecond()).isEqualTo(5);
        assertThat(app.webhooks()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.url()).isEqualTo("https://example.com/hook");
            assertThat(endpoint.eventTypes()).containsExactly("channel_occupied");
            assertThat(endpoint.channelPrefix()).isEqualTo("private-");
            assertThat(endpoint.channelSuffix()).isEqualTo("-room");
        });
    }

    @Test
    void skipsBadRowsAndServesTheOthers() {
        execute(webhooksAsText());
        insert("broken-json", "broken-json-key", "[{\"url\": ");
        insert("bad-event", "bad-event-key", "[{\"url\": \"https://example.com\", \"event_types\": [\"no_such_event\"]}]");
        insert("twin-1", "twin-key", null);
        insert("twin-2", "twin-key", null);
        insert("good", "good-key", "[]");

        SqlAppSource apps = open();

        assertThat(apps.loadAll()).extracting(AppConfig::id).containsExactlyInAnyOrder("app-id", "good");
        assertThat(apps.loadByKey("broken-json-key")).isEmpty();
        assertThat(apps.loadByKey("bad-event-key")).isEmpty();
        assertThat(apps.loadByKey("twin-key")).as("a key two rows have").isEmpty();
        assertThat(apps.loadByKey("good-key")).isPresent();
    }

    @Test
    void skipsEveryRowOfATableWithoutASecretColumn() {
        execute("CREATE TABLE broken_apps (id VARCHAR(255) PRIMARY KEY, " + quoted("key") + " VARCHAR(255))",
                "INSERT INTO broken_apps (id, " + quoted("key") + ") VALUES ('a', 'a-key')");

        SqlAppSource apps = open("app-store.table=broken_apps");

        assertThat(apps.loadAll()).isEmpty();
        assertThat(apps.loadByKey("a-key")).isEmpty();
    }

    @Test
    void bindsKeysAndIdsAsValuesNeverAsSql() {
        SqlAppSource apps = open();
        for (String attack : List.of("' OR '1'='1", "app-key' --", "x'; DROP TABLE apps; --", "\" OR \"\"=\"",
                "app-key` OR 1=1 -- ", "%", "app-%", "\\' OR 1=1 #")) {
            assertThat(apps.loadByKey(attack)).as(attack).isEmpty();
            assertThat(apps.loadById(attack)).as(attack).isEmpty();
        }
        assertThat(apps.loadByKey("app-key")).as("the table is still there").isPresent();
    }

    @Test
    void laysHeraldsOwnSettingsOverTheRow() {
        HeraldConfig config = config();
        assertThat(HeraldTables.migrate(config.appStore())).isEqualTo(1);
        assertThat(HeraldTables.migrate(config.appStore())).as("a second run has nothing to do").isZero();
        execute("INSERT INTO herald_app_settings (app_id, settings) VALUES ('app-id',"
                + " '{\"subscription-count\": true, \"max-connections\": 7}')");

        SqlAppSource apps = open();
        apps.loadAll();
        AppConfig app = apps.loadByKey("app-key").orElseThrow();

        assertThat(app.subscriptionCount()).isTrue();
        assertThat(app.maxConnections()).isEqualTo(7);
    }

    @Test
    void updatesSomeSettingsInSoketisColumnsAndHeraldsTable() throws Exception {
        HeraldTables.migrate(config().appStore());
        SqlAppSource apps = open();
        ObjectNode changes = (ObjectNode) JSON.readTree("""
                {"max-connections": 7, "client-events": false, "max-backend-events-per-second": 50,
                 "allowed-origins": ["https://shop.example"], "enabled": false, "key": "new-key",
                 "webhooks": [{"url": "https://example.com/hook", "event-types": ["channel_vacated"]}]}""");

        AppConfig app = apps.update("app-id", changes).orElseThrow();

        assertThat(app.maxConnections()).isEqualTo(7);
        assertThat(app.clientEvents()).isFalse();
        assertThat(app.maxBackendEventsPerSecond()).isEqualTo(50);
        assertThat(app.allowedOrigins()).containsExactly("https://shop.example");
        assertThat(app.enabled()).isFalse();
        assertThat(app.webhooks()).singleElement().satisfies(hook -> assertThat(hook.url()).isEqualTo("https://example.com/hook"));
        assertThat(app.secret()).as("untouched").isEqualTo("app-secret");
        assertThat(apps.loadByKey("new-key")).contains(app);
        assertThat(apps.loadByKey("app-key")).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM apps WHERE max_connections = 7 AND max_backend_events_per_sec = 50"))
                .as("soketi's columns hold what they can, for soketi's tools to see").isEqualTo(1);

        AppConfig back = apps.update("app-id", (ObjectNode) JSON.readTree(
                "{\"max-connections\": null, \"allowed-origins\": null, \"enabled\": true}")).orElseThrow();
        assertThat(back.maxConnections()).as("null: back to the default").isZero();
        assertThat(back.allowedOrigins()).isEmpty();
        assertThat(back.enabled()).isTrue();
        assertThat(apps.update("no-such-app", changes)).isEmpty();
    }

    @Test
    void refusesAnUpdateThatMakesNoValidAppAndWritesNothing() throws Exception {
        HeraldTables.migrate(config().appStore());
        insert("other", "other-key", "[]");
        SqlAppSource apps = open();
        AppConfig before = apps.loadById("app-id").orElseThrow();

        assertThatThrownBy(() -> apps.update("app-id", (ObjectNode) JSON.readTree(
                "{\"max-connections\": -5, \"client-events\": \"perhaps\", \"no-such-key\": 1}")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(String.join("\n", e.problems()))
                        .contains("max-connections", "client-events", "no-such-key"));
        assertThatThrownBy(() -> apps.update("app-id", (ObjectNode) JSON.readTree("{\"key\": \"other-key\"}")))
                .isInstanceOf(AppConflictException.class).hasMessageContaining("other-key");
        assertThat(apps.loadById("app-id")).contains(before);
    }

    private long count(String sql) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                SqlDialect.of(config().appStore().driver()).jdbcUrl(url()), username(), "")) {
            try (java.sql.ResultSet row = connection.createStatement().executeQuery(sql)) {
                row.next();
                return row.getLong(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsTenThousandApps() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            rows.append(i % 1000 == 0 ? "" : ", ").append("('bulk-").append(i).append("', 'bulk-key-").append(i)
                    .append("', 's', 100, 1, 1, -1, -1, -1, '[]')");
            if (i % 1000 == 999) {
                execute("INSERT INTO apps (id, " + quoted("key") + ", secret, max_connections, " + enabledColumn()
                        + ", enable_client_messages, max_backend_events_per_sec, max_client_events_per_sec,"
                        + " max_read_req_per_sec, webhooks) VALUES " + rows);
                rows.setLength(0);
            }
        }

        SqlAppSource apps = open();

        assertThat(apps.loadAll()).hasSize(10_001);
        assertThat(apps.loadAll()).as("read again, rows reused").hasSize(10_001);
        assertThat(apps.loadByKey("bulk-key-9999")).map(AppConfig::id).contains("bulk-9999");
    }

    @Test
    void reportsADatabaseThatIsDownAsAStoreError() {
        SqlAppSource apps = open("app-store.connection-timeout=500");
        assertThat(apps.loadByKey("app-key")).isPresent();

        killDatabase();

        assertThatThrownBy(() -> apps.loadByKey("app-key")).isInstanceOf(AppStoreException.class)
                .hasMessageContaining("cannot read the apps");
    }
}
