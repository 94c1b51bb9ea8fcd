package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.AppConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private ConfigFixture config() {
        return new ConfigFixture(dir);
    }

    @Test
    void loadsTheBundledDefaultsWithTheDemoApp() {
        HeraldConfig config = new ConfigLoader().load(ConfigSources.defaultsOnly());

        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().port()).isEqualTo(6001);
        assertThat(config.server().pathPrefix()).isEmpty();
        assertThat(config.server().transport()).isEqualTo(HeraldConfig.Transport.AUTO);
        assertThat(config.server().corsOrigins()).containsExactly("*");
        assertThat(config.metrics().enabled()).isTrue();
        assertThat(config.metrics().port()).isEqualTo(9601);
        assertThat(config.apps()).singleElement().satisfies(app -> {
            assertThat(app.id()).isEqualTo("app-id");
            assertThat(app.key()).isEqualTo("app-key");
            assertThat(app.isDemo()).isTrue();
            assertThat(app.clientEvents()).isTrue();
            assertThat(app.terminateCloseCode()).isEqualTo(4009);
        });
    }

    @Test
    void checkFindsNothingWrongWithTheDefaults() {
        assertThat(new ConfigLoader().check(ConfigSources.defaultsOnly())).isEmpty();
    }

    @Test
    void defaultsTextIsTheAnnotatedBundledFile() {
        String text = ConfigLoader.defaultsText();

        assertThat(text).startsWith("# Herald configuration");
        assertThat(text).contains("port: 6001", "path-prefix: \"\"", "terminate-close-code: 4009");
    }

    @Test
    void fileOverridesDefaultsAndKeysItLeavesOutKeepThem() {
        HeraldConfig config = config().file("""
                server:
                  port: 7001
                  path-prefix: /pusher
                  transport: io-uring
                metrics:
                  enabled: false
                """).load();

        assertThat(config.server().port()).isEqualTo(7001);
        assertThat(config.server().pathPrefix()).isEqualTo("/pusher");
        assertThat(config.server().transport()).isEqualTo(HeraldConfig.Transport.IO_URING);
        assertThat(config.server().host()).isEqualTo("0.0.0.0");
        assertThat(config.server().activityTimeout()).isEqualTo(120);
        assertThat(config.metrics().enabled()).isFalse();
        assertThat(config.metrics().port()).isEqualTo(9601);
    }

    @Test
    void emptyFileAndEmptySectionsKeepTheDefaults() {
        HeraldConfig config = config().file("""
                # everything commented out
                server:
                #  port: 7001
                metrics:
                """).load();

        assertThat(config.server().port()).isEqualTo(6001);
        assertThat(config.metrics().port()).isEqualTo(9601);
    }

    @Test
    void environmentOverridesTheFile() {
        HeraldConfig config = config()
                .file("server:\n  port: 7000\n  activity-timeout: 60\n")
                .environment(Map.of("HERALD_SERVER_PORT", "7001", "HERALD_SERVER_PATH_PREFIX", "/ws"))
                .load();

        assertThat(config.server().port()).isEqualTo(7001);
        assertThat(config.server().pathPrefix()).isEqualTo("/ws");
        assertThat(config.server().activityTimeout()).isEqualTo(60);
    }

    @Test
    void environmentGivesAppsAsAJsonList() {
        HeraldConfig config = config().environment(Map.of("HERALD_APPS",
                "[{\"id\": \"1\", \"key\": \"k1\", \"secret\": \"s1\", \"client-events\": false}]")).load();

        assertThat(config.apps()).singleElement().satisfies(app -> {
            assertThat(app.id()).isEqualTo("1");
            assertThat(app.key()).isEqualTo("k1");
            assertThat(app.secret()).isEqualTo("s1");
            assertThat(app.clientEvents()).isFalse();
        });
    }

    @Test
    void environmentGivesAppsAsAYamlList() {
        HeraldConfig config = config().environment(Map.of("HERALD_APPS", """
                - id: one
                  key: k1
                  secret: s1
                - {id: two, key: k2, secret: s2, user-authentication: true}
                """)).load();

        assertThat(config.apps()).extracting(AppConfig::id).containsExactly("one", "two");
        assertThat(config.apps().get(1).userAuthentication()).isTrue();
    }

    @Test
    void environmentGivesListsOfSingleValuesCommaSeparated() {
        HeraldConfig config = config().environment(Map.of(
                "HERALD_SERVER_CORS_ORIGINS", "https://a.example, https://b.example")).load();

        assertThat(config.server().corsOrigins()).containsExactly("https://a.example", "https://b.example");
    }

    @Test
    void environmentValueOfATextKeyIsTakenLiterallyEvenWhenItLooksLikeYaml() {
        HeraldConfig config = config().environment(Map.of("HERALD_SERVER_HOST", "[::1]")).load();

        assertThat(config.server().host()).isEqualTo("[::1]");
    }

    @Test
    void environmentVariablesOtherThanHeraldOnesAndTheLauncherOnesAreIgnored() {
        HeraldConfig config = config().environment(Map.of(
                "PATH", "/usr/bin",
                "HERALDRY", "x",
                "HERALD_JAVA_OPTS", "-Xmx1g",
                "HERALD_LOG_LEVEL", "debug")).load();

        assertThat(config.server().port()).isEqualTo(6001);
    }

    @Test
    void setOverridesBeatTheEnvironment() {
        HeraldConfig config = config()
                .file("server:\n  port: 7000\n")
                .environment(Map.of("HERALD_SERVER_PORT", "7001", "HERALD_METRICS_PORT", "9700"))
                .set("server.port=7002", "server.host = 127.0.0.1")
                .load();

        assertThat(config.server().port()).isEqualTo(7002);
        assertThat(config.server().host()).isEqualTo("127.0.0.1");
        assertThat(config.metrics().port()).isEqualTo(9700);
    }

    @Test
    void setTakesAWholeSectionOrListAsYaml() {
        HeraldConfig config = config()
                .set("apps=[{id: a, key: b, secret: c}]", "server={port: 7005, path-prefix: /p}")
                .load();

        assertThat(config.apps()).extracting(AppConfig::key).containsExactly("b");
        assertThat(config.server().port()).isEqualTo(7005);
        assertThat(config.server().pathPrefix()).isEqualTo("/p");
    }

    @Test
    void aKeyInsideASectionBeatsTheSectionGivenWholeByTheEnvironment() {
        HeraldConfig config = config().environment(Map.of(
                "HERALD_SERVER", "{port: 7000, activity-timeout: 10}",
                "HERALD_SERVER_PORT", "7001")).load();

        assertThat(config.server().port()).isEqualTo(7001);
        assertThat(config.server().activityTimeout()).isEqualTo(10);
    }

    @Test
    void booleansAndEnumsAreReadInAnyCase() {
        HeraldConfig config = config().environment(Map.of(
                "HERALD_METRICS_ENABLED", "FALSE",
                "HERALD_SERVER_TRANSPORT", "EPOLL",
                "HERALD_SERVER_REQUIRE_PROTOCOL_VERSION", "True")).load();

        assertThat(config.metrics().enabled()).isFalse();
        assertThat(config.server().transport()).isEqualTo(HeraldConfig.Transport.EPOLL);
        assertThat(config.server().requireProtocolVersion()).isTrue();
    }

    @Test
    void yesNoOnAndOffAreBooleansForBooleanKeysAndWordsForTextKeys() {
        HeraldConfig config = config().file("""
                metrics:
                  enabled: off
                apps:
                  - {id: off, key: yes, secret: s, client-events: no, subscription-count: on}
                """).load();

        assertThat(config.metrics().enabled()).isFalse();
        assertThat(config.apps().getFirst()).satisfies(app -> {
            assertThat(app.id()).isEqualTo("off");
            assertThat(app.key()).isEqualTo("yes");
            assertThat(app.clientEvents()).isFalse();
            assertThat(app.subscriptionCount()).isTrue();
        });
    }

    @Test
    void derivedEnvironmentNameUpperCasesThePathWithUnderscores() {
        assertThat(ConfigLoader.derivedEnvironmentName("server.port")).isEqualTo("HERALD_SERVER_PORT");
        assertThat(ConfigLoader.derivedEnvironmentName("server.path-prefix")).isEqualTo("HERALD_SERVER_PATH_PREFIX");
        assertThat(ConfigLoader.derivedEnvironmentName("apps")).isEqualTo("HERALD_APPS");
        assertThat(ConfigLoader.derivedEnvironmentName("metrics.enabled")).isEqualTo("HERALD_METRICS_ENABLED");
    }

    @Test
    void everyKeyOfTheDefaultsCanBeSetThroughItsDerivedVariable() throws Exception {
        HeraldConfig defaults = config().load();
        // Turning TLS on needs certificate files; the check only looks that they can be read.
        Path pem = java.nio.file.Files.writeString(dir.resolve("tls.pem"), "pem");
        Map<String, String> tlsFiles = Map.of("HERALD_SERVER_TLS_CERT_FILE", pem.toString(),
                "HERALD_SERVER_TLS_KEY_FILE", pem.toString());
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        collectSingleValueKeys("", ConfigSchema.bundled().root(), keys);

        assertThat(keys).containsKeys("server.port", "server.path-prefix", "metrics.enabled", "server.cors-origins");
        keys.forEach((key, defaultValue) -> {
            String variable = ConfigLoader.derivedEnvironmentName(key);
            // The sender timeout must stay below the lease, and the first probe pause at most the
            // longest, so they get smaller changes; a header name is no path.
            String value = key.equals("webhooks.sender.timeout") ? "5000"
                    : key.equals("webhooks.sender.breaker-probe-delay") ? "2000"
                    : key.equals("server.per-address.address-header") ? "X-Forwarded-For"
                    : key.equals("app-store.driver") ? "postgres" : anotherValidValue(defaultValue);
            Map<String, String> environment = new LinkedHashMap<>(Map.of(variable, value));
            if (key.equals("server.tls.enabled") || key.equals("metrics.tls")) {
                environment.putAll(tlsFiles);
            }
            if (key.equals("app-store.driver")) {
                environment.put("HERALD_APP_STORE_URL", "jdbc:postgresql://db.internal/herald");
            }
            HeraldConfig changed = config().environment(environment).load();
            assertThat(changed).as(variable).isNotEqualTo(defaults);
        });
    }

    private static void collectSingleValueKeys(String prefix, JsonNode node, Map<String, JsonNode> keys) {
        node.properties().forEach(field -> {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                collectSingleValueKeys(path, field.getValue(), keys);
            } else if (!path.equals("apps")) {
                keys.put(path, field.getValue());
            }
        });
    }

    private static String anotherValidValue(JsonNode defaultValue) {
        if (defaultValue.isBoolean()) {
            return String.valueOf(!defaultValue.booleanValue());
        }
        if (defaultValue.isIntegralNumber()) {
            return "65000";
        }
        if (defaultValue.isFloatingPointNumber()) {
            return "0.5";
        }
        if (defaultValue.isArray()) {
            if (!defaultValue.isEmpty() && defaultValue.get(0).isIntegralNumber()) {
                return "1500";
            }
            return defaultValue.isEmpty() || !defaultValue.get(0).asText().endsWith("_occupied") ? "https://example.com" : "cache_miss";
        }
        if (defaultValue.isObject()) {
            return "{X-Extra: one}";
        }
        return switch (defaultValue.asText()) {
            case "auto" -> "nio";
            case "" -> "/prefix";
            case "sqlite", "redis" -> "nats";
            case "standalone" -> "cluster";
            case "redis://127.0.0.1:6379" -> "redis://10.0.0.1:6379";
            case "nats://127.0.0.1:4222" -> "nats://10.0.0.1:4222";
            case "HERALD_WEBHOOKS" -> "OTHER_STREAM";
            case "herald" -> "other";
            case "./data" -> "/var/lib/herald";
            default -> "127.0.0.2";
        };
    }
}
