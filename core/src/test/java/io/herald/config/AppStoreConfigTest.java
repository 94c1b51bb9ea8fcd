package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppStoreConfigTest {

    @TempDir
    Path dir;

    private ConfigFixture config() {
        return new ConfigFixture(dir);
    }

    @Test
    void isStaticByDefault() {
        AppStoreConfig store = config().load().appStore();

        assertThat(store.driver()).isEqualTo(AppStoreConfig.Driver.STATIC);
        assertThat(store.table()).isEqualTo("apps");
    }

    @Test
    void takesADatabaseWithItsJdbcUrl() {
        AppStoreConfig store = config().set("app-store.driver=mysql", "app-store.url=jdbc:mariadb://db:3306/herald",
                "app-store.table=realtime.apps").load().appStore();

        assertThat(store.driver()).isEqualTo(AppStoreConfig.Driver.MYSQL);
        assertThat(store.table()).isEqualTo("realtime.apps");
    }

    @Test
    void refusesADatabaseWithoutItsUrlOrBesideConfiguredApps() {
        assertThat(config().set("app-store.driver=postgres", "app-store.url=jdbc:mysql://db/x",
                "apps=[{id: a, key: k, secret: s}]").problems())
                .anySatisfy(problem -> assertThat(problem).startsWith("apps: the apps come from the database"))
                .anySatisfy(problem -> assertThat(problem).startsWith("app-store.url: a JDBC URL starting with jdbc:postgresql://"));
    }

    @Test
    void refusesATableNameThatIsNoIdentifier() {
        assertThat(config().set("app-store.driver=postgres", "app-store.url=jdbc:postgresql://db/x",
                "app-store.table=apps; DROP TABLE apps").problems())
                .singleElement().satisfies(problem -> assertThat(problem).startsWith("app-store.table:"));
    }

    @Test
    void buildsAStoredAppOverTheSameDefaultsAndChecks() {
        ObjectNode fields = JsonNodeFactory.instance.objectNode().put("id", "shop").put("key", "shop-key")
                .put("secret", "s").put("max-connections", 5);
        fields.putArray("webhooks").addObject().put("url", "https://example.com/hooks");
        WebhooksConfig.EndpointDefaults endpointDefaults = config().load().webhooks().endpointDefaults();

        AppConfig app = new ConfigLoader().app(fields, endpointDefaults);

        assertThat(app.maxConnections()).isEqualTo(5);
        assertThat(app.cacheTtl()).isEqualTo(1800);
        assertThat(app.webhooks()).singleElement().satisfies(endpoint ->
                assertThat(endpoint.eventTypes()).isEqualTo(endpointDefaults.eventTypes()));

        ConfigException bad = catchThrowableOfType(ConfigException.class, () -> new ConfigLoader().app(
                fields.deepCopy().put("key", "has space").put("max-connections", "many"), endpointDefaults));
        assertThat(bad.problems()).anySatisfy(problem -> assertThat(problem).startsWith("max-connections:"));
    }
}
