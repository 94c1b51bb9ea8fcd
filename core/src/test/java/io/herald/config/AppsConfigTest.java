package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppsConfigTest {

    @TempDir
    Path dir;

    private ConfigFixture config() {
        return new ConfigFixture(dir);
    }

    @Test
    void appsMergeOverThePerAppDefaults() {
        HeraldConfig config = config().file("""
                apps:
                  - id: chat
                    key: chat-key
                    secret: chat-secret
                    client-events: false
                    max-presence-members: 500
                """).load();

        AppConfig app = config.apps().getFirst();
        assertThat(app.clientEvents()).isFalse();
        assertThat(app.maxPresenceMembers()).isEqualTo(500);
        assertThat(app.enabled()).isTrue();
        assertThat(app.clientEventsPerSecond()).isEqualTo(10);
        assertThat(app.maxEventSize()).isEqualTo(10240);
        assertThat(app.cacheTtl()).isEqualTo(1800);
    }

    @Test
    void configuredAppsReplaceTheDemoApp() {
        HeraldConfig config = config().file("""
                apps:
                  - {id: "1", key: k1, secret: s1}
                  - {id: "2", key: k2, secret: s2}
                """).load();

        assertThat(config.apps()).extracting(AppConfig::id).containsExactly("1", "2");
        assertThat(config.apps()).noneMatch(AppConfig::isDemo);
    }

    @Test
    void numericAppIdsAreTakenAsWritten() {
        HeraldConfig config = config().file("apps:\n  - {id: 123456, key: k, secret: s}\n").load();

        assertThat(config.apps().getFirst().id()).isEqualTo("123456");
    }

    @Test
    void aSecretThatYamlWouldRewriteMustBeQuoted() {
        assertThat(config().file("apps:\n  - {id: a, key: k, secret: 1e3}\n").problems())
                .containsExactly("apps[0].secret: expected text; put the value in quotes");
    }

    @Test
    void duplicateAppIdsAndKeysAreReported() {
        assertThat(config().file("""
                apps:
                  - {id: a, key: k, secret: s1}
                  - {id: a, key: k, secret: s2}
                  - {id: b, key: k, secret: s3}
                """).problems()).containsExactly(
                "apps[1].id: 'a' is used by another app",
                "apps[1].key: 'k' is used by another app",
                "apps[2].key: 'k' is used by another app");
    }

    @Test
    void missingOrBlankCredentialsAreReportedForEachApp() {
        assertThat(config().file("""
                apps:
                  - {id: a, key: k}
                  - {id: b, secret: "  "}
                  - {}
                """).problems()).containsExactly(
                "apps[0].secret: required",
                "apps[1].key: required",
                "apps[1].secret: required",
                "apps[2].id: required",
                "apps[2].key: required",
                "apps[2].secret: required");
    }

    @Test
    void everyProblemOfAnAppIsReportedWithTheAppIndex() {
        assertThat(config().file("""
                apps:
                  - id: a
                    key: k
                    secret: s
                    secrte: s
                    client-events: sometimes
                    terminate-close-code: 1000
                """).problems()).containsExactly(
                "apps[0].secrte: unknown key",
                "apps[0].client-events: expected true or false, got 'sometimes'",
                "apps[0].terminate-close-code: must be a Pusher close code, 4000 to 4999 (got 1000)");
    }

    @Test
    void appLimitsAreRangeChecked() {
        assertThat(config().file("""
                apps:
                  - {id: "a b", key: k, secret: s, terminate-close-code: 1000, max-presence-members: 0}
                """).problems()).containsExactly(
                "apps[0].id: letters, digits, '-', '_' and '.' only (got 'a b')",
                "apps[0].max-presence-members: must be at least 1 (got 0)",
                "apps[0].terminate-close-code: must be a Pusher close code, 4000 to 4999 (got 1000)");
    }

    @Test
    void anEmptyListOfAppsIsReported() {
        assertThat(config().file("apps: []\n").problems()).containsExactly("apps: at least one app is needed");
    }

    @Test
    void appsGivenAsSomethingOtherThanAListAreReported() {
        assertThat(config().environment(Map.of("HERALD_APPS", "{id: a, key: k, secret: s}")).problems())
                .containsExactly("apps: expected a list of apps, got a map (from HERALD_APPS)");
    }

    @Test
    void secretsAppearInNoTextAboutTheConfiguration() {
        HeraldConfig config = config().file("""
                apps:
                  - {id: a, key: k, secret: very-secret-1}
                """).load();
        var problems = config().file("""
                apps:
                  - {id: a, key: k, secret: very-secret-1, max-event-size: -5}
                  - {id: a, key: k2, secret: very-secret-2}
                """).problems();

        assertThat(config.apps().getFirst().toString()).doesNotContain("very-secret").contains("<redacted>");
        assertThat(config.toString()).doesNotContain("very-secret");
        assertThat(problems).hasSize(2).allSatisfy(problem -> assertThat(problem).doesNotContain("very-secret"));
    }
}
