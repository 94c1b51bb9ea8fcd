package io.herald.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigProblemsTest {

    @TempDir
    Path dir;

    private ConfigFixture config() {
        return new ConfigFixture(dir);
    }

    @Test
    void unknownKeysAreReportedWithTheirPath() {
        assertThat(config().file("""
                server:
                  prot: 7001
                metric:
                  enabled: false
                """).problems()).containsExactly(
                "server.prot: unknown key",
                "metric: unknown key");
    }

    @Test
    void unknownKeySpeltLikeAnEnvironmentVariableOrInCamelCaseNamesTheRightOne() {
        assertThat(config().file("""
                server:
                  max_connections: 10
                  pathPrefix: /p
                """).problems()).containsExactly(
                "server.max_connections: unknown key; did you mean max-connections?",
                "server.pathPrefix: unknown key; did you mean path-prefix?");
    }

    @Test
    void aRetiredKeyIsRefusedWithWhatReplacedIt() {
        assertThat(config().file("""
                webhooks:
                  sender:
                    breaker-open: 30000
                """).problems()).singleElement().asString()
                .startsWith("webhooks.sender.breaker-open: no longer read:")
                .contains("webhooks.sender.breaker-probe-delay", "webhooks.sender.breaker-probe-max-delay");
    }

    @Test
    void valuesOfTheWrongTypeAreReported() {
        assertThat(config().file("""
                server:
                  port: abc
                  require-protocol-version: sometimes
                  transport: fast
                  cors-origins: "*"
                  host: {a: 1}
                metrics:
                  port: 1.5
                """).problems()).containsExactly(
                "server.port: expected a whole number, got 'abc'",
                "server.require-protocol-version: expected true or false, got 'sometimes'",
                "server.transport: expected auto, epoll, io_uring or nio, got 'fast'",
                "server.cors-origins: expected a list such as [a, b], got '*'",
                "server.host: expected a single value, got a map",
                "metrics.port: expected a whole number, got '1.5'");
    }

    @Test
    void anEnabledClusterWithBadSettingsReportsEachOne() {
        assertThat(config().file("""
                cluster:
                  enabled: true
                  bus: nats
                  node-id: "node one"
                  heartbeat: 2000
                  lease: 3000
                  redis: {url: "http://redis:6379"}
                  nats: {url: "redis://nats:4222"}
                """).problems()).containsExactlyInAnyOrder(
                "cluster.lease: must be at least twice cluster.heartbeat (2000), so one late renewal does not declare"
                        + " a live node dead (got 3000)",
                "cluster.redis.url: expected a redis or rediss URL with a host (got 'http://redis:6379')",
                "cluster.nats.url: expected a nats or tls URL with a host (got 'redis://nats:4222')",
                "cluster.node-id: letters, digits, '-', '_' and '.' only, at most 100 (got 'node one')");
    }

    @Test
    void aRedisClusterTakesSeedNodesAndChecksEachOne() {
        assertThat(config().file("""
                cluster:
                  enabled: true
                  redis: {mode: cluster, url: "redis://a:6379, redis://b:6379", state-partitions: 4}
                webhooks:
                  queue: redis
                  redis: {mode: cluster, url: "redis://a:6379,redis://b:6379"}
                """).problems()).isEmpty();
        assertThat(config().file("""
                cluster:
                  enabled: true
                  redis: {mode: cluster, url: "redis://a:6379,b:6379", state-partitions: 0}
                webhooks:
                  redis: {mode: sentinel}
                """).problems()).containsExactlyInAnyOrder(
                "cluster.redis.url: expected a redis or rediss URL with a host (got 'b:6379')",
                "cluster.redis.state-partitions: must be at least 1 (got 0)",
                "webhooks.redis.mode: expected standalone or cluster, got 'sentinel'");
    }

    @Test
    void aDisabledClusterIsNotChecked() {
        assertThat(config().file("""
                cluster:
                  lease: 10
                  redis: {url: "http://redis:6379"}
                """).problems()).isEmpty();
    }

    @Test
    void aNumberTooLargeForItsKeyIsReported() {
        assertThat(config().set("server.max-message-size=99999999999").problems())
                .containsExactly("server.max-message-size: expected a whole number, got '99999999999' (from --set server.max-message-size)");
    }

    @Test
    void aSectionGivenAsASingleValueIsReported() {
        assertThat(config().file("server: 7001\n").problems())
                .containsExactly("server: expected a map of keys, got '7001'");
    }

    @Test
    void problemsWithValuesFromTheEnvironmentOrFlagsNameWhereTheyCameFrom() {
        assertThat(config()
                .environment(Map.of("HERALD_SERVER_PORT", "abc", "HERALD_APPS", "[{id: a, key: k}]"))
                .set("metrics.enabled=maybe")
                .problems()).containsExactly(
                "apps[0].secret: required (from HERALD_APPS)",
                "server.port: expected a whole number, got 'abc' (from HERALD_SERVER_PORT)",
                "metrics.enabled: expected true or false, got 'maybe' (from --set metrics.enabled)");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThat(config()
                .file("""
                        server:
                          port: abc
                          colour: blue
                          pong-timeout: 0
                        apps:
                          - id: a
                            key: k
                          - {id: a, key: k2, secret: s}
                        """)
                .environment(Map.of("HERALD_NOPE", "1"))
                .set("metrics.port=x", "nonsense")
                .problems()).containsExactlyInAnyOrder(
                "environment variable HERALD_NOPE names no configuration key (see herald config defaults for the keys)",
                "--set nonsense: expected key=value, e.g. --set server.port=7001",
                "server.port: expected a whole number, got 'abc'",
                "server.colour: unknown key",
                "metrics.port: expected a whole number, got 'x' (from --set metrics.port)",
                "apps[0].secret: required",
                "server.pong-timeout: must be at least 1 (got 0)",
                "apps[1].id: 'a' is used by another app");
    }

    @Test
    void aKeyWithAProblemGetsNoSecondOneFromTheDefaultStandingInForIt() {
        assertThat(config().file("""
                apps:
                  - {key: k1, secret: s1}
                  - {key: k2, secret: s2}
                """).problems()).containsExactly("apps[0].id: required", "apps[1].id: required");
    }

    @Test
    void loadThrowsAConfigExceptionListingEveryProblem() {
        ConfigSources sources = config().set("server.port=-1", "server.path-prefix=pusher/").sources();

        assertThatThrownBy(() -> new ConfigLoader().load(sources))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("2 configuration problem(s)")
                .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly(
                        "server.port: must be 0 to 65535 (got -1) (from --set server.port)",
                        "server.path-prefix: must be empty or start with / and not end with / (got 'pusher/') (from --set server.path-prefix)"));
    }

    @Test
    void rangesAreCheckedAfterTypes() {
        assertThat(config().file("""
                server:
                  port: 70000
                  event-loops: -1
                  max-message-size: 10
                  host: " "
                metrics:
                  port: 6001
                """).problems()).containsExactly(
                "server.host: must name an address to listen on, such as 0.0.0.0 or 127.0.0.1",
                "server.port: must be 0 to 65535 (got 70000)",
                "server.event-loops: must be at least 0 (got -1)",
                "server.max-message-size: must be at least 1024 (got 10)");
    }

    @Test
    void metricsPortMustDifferFromTheServerPortUnlessMetricsAreOff() {
        assertThat(config().set("metrics.port=6001").problems())
                .containsExactly("metrics.port: must differ from server.port (6001) (from --set metrics.port)");
        assertThat(config().set("metrics.port=6001", "metrics.enabled=false").problems()).isEmpty();
    }

    @Test
    void drainWindowAndBatchesMustBePositive() {
        assertThat(config().set("server.drain.window=0", "server.drain.batches=-2").problems()).containsExactly(
                "server.drain.window: must be at least 1 (got 0) (from --set server.drain.window)",
                "server.drain.batches: must be at least 1 (got -2) (from --set server.drain.batches)");
        assertThat(config().environment(Map.of("HERALD_SERVER_DRAIN_WINDOW", "4")).load().server().drain().window())
                .isEqualTo(4);
    }

    @Test
    void requestTimeoutAndPerAddressLimitsAreChecked() {
        assertThat(config().set("server.request-timeout=0", "server.per-address.max-connections=-1",
                "server.per-address.connections-per-second=-5", "server.per-address.address-header=X Forwarded For").problems())
                .containsExactly(
                        "server.request-timeout: must be at least 1 (got 0) (from --set server.request-timeout)",
                        "server.per-address.max-connections: must be at least 0 (got -1) (from --set server.per-address.max-connections)",
                        "server.per-address.connections-per-second: must be at least 0 (got -5) (from --set server.per-address.connections-per-second)",
                        "server.per-address.address-header: must be an HTTP header name such as X-Forwarded-For (got 'X Forwarded For')"
                                + " (from --set server.per-address.address-header)");
        var server = config().environment(Map.of("HERALD_SERVER_PER_ADDRESS_ADDRESS_HEADER", "X-Real-IP")).load().server();
        assertThat(server.perAddress().addressHeader()).isEqualTo("X-Real-IP");
        assertThat(server.perAddress().limits()).isFalse();
        assertThat(server.requestTimeout()).isEqualTo(20);
    }

    @Test
    void tlsNeedsReadableCertificateAndKeyFiles() throws Exception {
        assertThat(config().set("server.tls.enabled=true").problems()).containsExactly(
                "server.tls.cert-file: must name a PEM file when server.tls.enabled is true",
                "server.tls.key-file: must name a PEM file when server.tls.enabled is true");
        Path cert = java.nio.file.Files.writeString(dir.resolve("tls.crt"), "pem");
        String missing = dir.resolve("missing.key").toString();
        assertThat(config().set("metrics.tls=true", "server.tls.cert-file=" + cert, "server.tls.key-file=" + missing)
                .problems()).containsExactly("server.tls.key-file: no such file: " + missing + " (from --set server.tls.key-file)");
        assertThat(config().set("server.tls.enabled=true", "server.tls.cert-file=" + dir, "server.tls.key-file=" + cert)
                .problems()).containsExactly("server.tls.cert-file: not a file: " + dir + " (from --set server.tls.cert-file)");
        assertThat(config().set("server.tls.cert-file=" + missing).problems())
                .as("files are only checked when TLS is on").isEmpty();
    }

    @Test
    void unknownHeraldEnvironmentVariableIsReported() {
        assertThat(config().environment(Map.of("HERALD_SERVER_PROT", "1")).problems()).containsExactly(
                "environment variable HERALD_SERVER_PROT names no configuration key (see herald config defaults for the keys)");
    }

    @Test
    void unknownSetKeyIsReported() {
        assertThat(config().set("server.prot=1").problems())
                .containsExactly("--set server.prot: unknown key (see herald config defaults for the keys)");
    }

    @Test
    void badYamlIsReportedWithItsLineAndColumn() {
        ConfigFixture config = config().file("server:\n  port: 7001\n\tpath-prefix: /x\n");

        assertThat(config.problems()).containsExactly(config.path()
                + ": not valid YAML, line 3, column 1: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation) (while scanning for the next token)");
    }

    @Test
    void badYamlReportDoesNotQuoteTheOffendingLineWhichMayHoldASecret() {
        assertThat(config().file("""
                apps:
                  - id: a
                    secret: "hunter2
                    key: k
                  - [
                """).problems()).singleElement().asString()
                .contains("not valid YAML, line ")
                .doesNotContain("hunter2");
        assertThat(config().environment(Map.of("HERALD_APPS", "[{id: a, secret: hunter2, key: k")).problems())
                .singleElement().asString()
                .startsWith("HERALD_APPS: not valid YAML or JSON, line 1, column 33:")
                .doesNotContain("hunter2");
    }

    @Test
    void aKeyGivenTwiceInTheFileIsReported() {
        assertThat(config().file("server:\n  port: 7001\n  port: 7002\n").problems()).singleElement()
                .asString()
                .endsWith("herald.yaml: not valid YAML, line 3, column 7: Duplicate field 'port'");
    }

    @Test
    void aMissingFileIsReported() {
        Path missing = dir.resolve("nope.yaml");

        assertThat(new ConfigLoader().check(ConfigSources.of(missing))).containsExactly(missing + ": no such file");
    }

    @Test
    void aFileWhoseTopLevelIsNotAMapIsReported() {
        assertThat(config().file("- a\n- b\n").problems()).singleElement().asString()
                .endsWith("herald.yaml: the top level must be a map of keys, such as server: and apps:");
    }
}
