package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeraldCommandTest {

    @TempDir
    Path dir;

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("herald.yaml"), yaml);
    }

    @Test
    void configCheckOfAGoodFilePrintsOkAndExitsZero() throws IOException {
        Path file = file("server:\n  port: 7001\napps:\n  - {id: a, key: k, secret: s}\n");

        CommandRun run = CommandRun.of("config", "check", file.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + ": OK" + System.lineSeparator());
        assertThat(run.err()).isEmpty();
    }

    @Test
    void configCheckPrintsEveryProblemOnePerLineAndExitsOne() throws IOException {
        Path file = file("""
                server:
                  port: abc
                  colour: blue
                apps:
                  - id: a
                    key: k
                """);

        CommandRun run = CommandRun.of("config", "check", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(
                "server.port: expected a whole number, got 'abc'",
                "server.colour: unknown key",
                "apps[0].secret: required");
    }

    @Test
    void configCheckReadsTheEnvironmentAndSetFlagsLikeStart() throws IOException {
        Path file = file("server:\n  port: 7001\n");

        CommandRun run = CommandRun.of(Map.of("HERALD_METRICS_PORT", "x", "HERALD_SERVER_PORT", "7002"),
                CommandRun.NO_NODE, "config", "check", file.toString(), "--set", "server.activity-timeout=0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly(
                "metrics.port: expected a whole number, got 'x' (from HERALD_METRICS_PORT)",
                "server.activity-timeout: must be at least 1 (got 0) (from --set server.activity-timeout)");
    }

    @Test
    void configCheckLoadsTheTlsCertificateAndReportsFilesThatDoNotHoldOne() throws IOException {
        io.herald.testkit.base.TestCertificates ca = io.herald.testkit.base.TestCertificates.authority("Check CA");
        Path cert = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        ca.write(ca.issue("node"), io.herald.testkit.base.TestCertificates.KeyFormat.TRADITIONAL, cert, key);
        Path file = file("server:\n  tls: {enabled: true, cert-file: '" + cert + "', key-file: '" + key + "'}\n");

        assertThat(CommandRun.of("config", "check", file.toString()).exitCode()).isZero();

        Files.writeString(key, "not a key");
        CommandRun run = CommandRun.of("config", "check", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err().lines()).containsExactly("server.tls: " + key
                + " holds no unencrypted PEM private key (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    @Test
    void configCheckWithoutAFileChecksTheDefaultsAndEnvironment() {
        assertThat(CommandRun.of("config", "check").out()).isEqualTo("configuration: OK" + System.lineSeparator());
        assertThat(CommandRun.of(Map.of("HERALD_SERVER_PROT", "1"), CommandRun.NO_NODE, "config", "check").exitCode())
                .isEqualTo(1);
    }

    @Test
    void configCheckOfAMissingFileSaysSo() {
        Path missing = dir.resolve("missing.yaml");

        CommandRun run = CommandRun.of("config", "check", missing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(missing + ": no such file" + System.lineSeparator());
    }

    @Test
    void configDefaultsPrintsTheAnnotatedDefaults() {
        CommandRun run = CommandRun.of("config", "defaults");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(ConfigLoader.defaultsText());
    }

    @Test
    void configDefaultsOutputPassesConfigCheck() throws IOException {
        Path file = file(CommandRun.of("config", "defaults").out());

        assertThat(CommandRun.of("config", "check", file.toString()).exitCode()).isZero();
    }

    @Test
    void versionPrintsTheBuiltVersionAndTheJvm() {
        CommandRun run = CommandRun.of("version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines().toList()).hasSize(2);
        assertThat(run.out()).matches("(?s)herald \\d+\\.\\d+\\.\\d+\\S*\\Rjava " + Runtime.version().feature() + ".*");
        assertThat(CommandRun.of("--version").out()).isEqualTo(run.out());
    }

    @Test
    void helpListsTheCommands() {
        CommandRun run = CommandRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: herald", "start", "sender", "config", "webhooks", "usage", "version", "help");
    }

    @Test
    void anUnknownCommandPrintsTheUsageAndExitsTwo() {
        // A word close to a command ('bogus' ~ 'usage') gets "Did you mean" instead of the usage.
        CommandRun run = CommandRun.of("xyzzy");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'xyzzy'", "Usage: herald");
    }

    @Test
    void anUnknownOptionPrintsTheUsageAndExitsTwo() {
        CommandRun run = CommandRun.of("start", "--nope");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown option: '--nope'", "Usage: herald start");
    }

    @Test
    void aGroupWithoutACommandPrintsTheUsageAndExitsTwo() {
        assertThat(CommandRun.of().exitCode()).isEqualTo(2);
        assertThat(CommandRun.of().err()).contains("Missing command: choose one of start, sender, config, webhooks, apps, usage, version, help");
        assertThat(CommandRun.of("config").exitCode()).isEqualTo(2);
        assertThat(CommandRun.of("config").err()).contains("Missing command: choose one of check, defaults");
    }

    @Test
    void startWithABadConfigurationPrintsEveryProblemWithoutAStackTraceAndExitsTwo() throws IOException {
        Path file = file("server:\n  colour: blue\n");

        CommandRun run = CommandRun.of(Map.of("HERALD_APPS", "[]"), CommandRun.NO_NODE,
                "start", "--config", file.toString(), "--port", "70000");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).containsExactly(
                "herald: cannot start, the configuration has 3 problem(s):",
                "  server.colour: unknown key",
                "  apps: at least one app is needed (from HERALD_APPS)",
                "  server.port: must be 0 to 65535 (got 70000) (from --set server.port)");
    }
}
