package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.sql.SqlAppSource;
import io.herald.testkit.base.PostgresServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.SoketiFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** herald apps migrate and herald apps import, into soketi's table on a real PostgreSQL. */
class AppsImportCommandTest {

    @RegisterExtension
    static final ServerPerClass<PostgresServer> POSTGRES = new ServerPerClass<>(PostgresServer::start);

    @TempDir
    Path dir;

    private Map<String, String> environment;

    @BeforeEach
    void soketisTable() {
        POSTGRES.get().execute("DROP TABLE IF EXISTS apps", "DROP TABLE IF EXISTS herald_app_settings",
                "DROP TABLE IF EXISTS herald_schema_history");
        POSTGRES.get().execute(SoketiFixtures.POSTGRES);
        environment = Map.of("HERALD_APP_STORE_DRIVER", "postgres", "HERALD_APP_STORE_URL", POSTGRES.get().jdbcUrl(),
                "HERALD_APP_STORE_USERNAME", PostgresServer.USER);
    }

    private CommandRun herald(String... args) {
        return CommandRun.of(environment, CommandRun.NO_NODE, args);
    }

    private Optional<AppConfig> stored(String key) {
        HeraldConfig config = new ConfigLoader().load(new ConfigSources(Optional.empty(), environment, List.of()));
        try (SqlAppSource store = SqlAppSource.open(config.appStore(), config.webhooks().endpointDefaults())) {
            store.loadAll();
            return store.loadByKey(key);
        }
    }

    @Test
    void importsASoketiConfigurationAndKeepsWhatExists() throws IOException {
        assertThat(herald("apps", "migrate").out()).contains("1 migration applied");
        Path soketi = Files.writeString(dir.resolve("soketi.json"), """
                {"appManager.array.apps": [
                  {"id": "shop", "key": "shop-key", "secret": "shop-secret", "maxConnections": 50,
                   "enableClientMessages": true, "enabled": true, "maxBackendEventsPerSecond": 20,
                   "maxClientEventsPerSecond": -1, "maxReadRequestsPerSecond": -1,
                   "webhooks": [{"url": "https://shop.example/hooks", "event_types": ["channel_occupied"]}]},
                  {"id": "app-id", "key": "app-key", "secret": "other"}
                ]}""");

        CommandRun run = herald("apps", "import", soketi.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("imported app shop", "kept app app-id", "1 of 2 apps imported");
        AppConfig shop = stored("shop-key").orElseThrow();
        assertThat(shop.maxConnections()).isEqualTo(50);
        assertThat(shop.clientEvents()).isTrue();
        assertThat(shop.maxBackendEventsPerSecond()).isEqualTo(20);
        assertThat(shop.webhooks()).singleElement().satisfies(hook -> {
            assertThat(hook.url()).isEqualTo("https://shop.example/hooks");
            assertThat(hook.eventTypes()).containsExactly("channel_occupied");
        });
        assertThat(stored("app-key").orElseThrow().secret()).as("kept as it was").isEqualTo("app-secret");
    }

    @Test
    void importsHeraldsOwnSettingsIntoItsTable() throws IOException {
        herald("apps", "migrate");
        Path herald = Files.writeString(dir.resolve("herald.yaml"), """
                apps:
                  - id: chat
                    key: chat-key
                    secret: chat-secret
                    subscription-count: true
                    allowed-origins: [https://chat.example]
                """);

        assertThat(herald("apps", "import", herald.toString()).exitCode()).isZero();

        AppConfig chat = stored("chat-key").orElseThrow();
        assertThat(chat.subscriptionCount()).isTrue();
        assertThat(chat.allowedOrigins()).containsExactly("https://chat.example");
    }

    @Test
    void importsNothingFromAFileWithABadApp() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "apps: [{id: 'has space', key: k, secret: s}]");

        CommandRun run = herald("apps", "import", bad.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("apps[0].id", "nothing imported");
        assertThat(stored("k")).isEmpty();
    }
}
