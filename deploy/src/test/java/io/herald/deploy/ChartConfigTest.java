package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.HeraldConfig;
import io.herald.config.WebhooksConfig.QueueDriver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Herald itself reads the configuration the chart gives each container (the mounted herald.yaml
 * and the HERALD_ variables) and finds nothing wrong: every key the chart writes is one Herald
 * knows, with a value it accepts.
 */
class ChartConfigTest {

    private static final HelmChart CHART = HelmChart.shared();

    /** Values of variables from Secrets the examples expect to exist in the cluster. */
    private static final Map<String, String> OUTSIDE_SECRETS = Map.of(
            "HERALD_APPS", "[{id: \"1\", key: chat-key, secret: a-long-random-secret}]",
            "HERALD_WEBHOOKS_REDIS_URL", "redis://:redis-password@redis.internal:6379",
            "HERALD_CLUSTER_REDIS_URL", "redis://:redis-password@redis.internal:6379",
            "REDIS_PASSWORD", "redis-password",
            "REDIS_CLUSTER_PASSWORD", "cluster-password");

    @TempDir
    Path workDir;

    static Stream<Arguments> releases() {
        return Stream.of(
                Arguments.of("defaults", List.of(), new String[0]),
                Arguments.of("staging", List.of(CHART.example("values-staging.yaml")), new String[0]),
                Arguments.of("production", List.of(CHART.example("values-production.yaml")), new String[0]),
                Arguments.of("production-eu", List.of(CHART.example("values-production.yaml"),
                        CHART.example("values-production-eu.yaml")), new String[0]),
                Arguments.of("apps from values, in-cluster redis", List.of(), new String[] {"""
                        apps:
                          list:
                            - {id: "1", key: chat-key, secret: a-long-random-secret, client-events: false}
                            - {id: "2", key: board-key, secret: another-secret, webhooks: [{url: "https://backend.internal/hooks"}]}
                        config:
                          server: {path-prefix: /pusher}
                          webhooks: {queue: redis}
                        redis: {enabled: true}
                        """}),
                Arguments.of("in-cluster nats", List.of(), new String[] {"""
                        config:
                          webhooks: {queue: nats}
                        nats: {enabled: true}
                        """}),
                Arguments.of("production on a redis cluster", List.of(CHART.example("values-production.yaml"),
                        CHART.example("values-redis-cluster.yaml")), new String[0]),
                Arguments.of("cluster on in-cluster redis and nats", List.of(), new String[] {"""
                        gateway: {replicas: 3}
                        config:
                          cluster: {enabled: true, bus: nats}
                          webhooks: {queue: nats}
                        redis: {enabled: true}
                        nats: {enabled: true}
                        """}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void everyContainerGetsAConfigurationHeraldAccepts(String release, List<Path> files, String[] inline) {
        RenderedChart chart = CHART.render(files, inline);

        for (String deployment : List.of("herald-gateway", "herald-sender")) {
            if (!chart.has("Deployment", deployment)) {
                continue;
            }
            HeraldContainerConfig config = HeraldContainerConfig.of(chart, deployment, OUTSIDE_SECRETS, workDir);
            assertThat(config.problems()).as(deployment + " of " + release).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void pointsTheStateTheBusAndTheQueueAtARedisCluster() {
        RenderedChart chart = CHART.render(List.of(CHART.example("values-production.yaml"), CHART.example("values-redis-cluster.yaml")));
        String seeds = "redis://:cluster-password@redis-cluster-0.redis-cluster-headless:6379,"
                + "redis://:cluster-password@redis-cluster-1.redis-cluster-headless:6379,"
                + "redis://:cluster-password@redis-cluster-2.redis-cluster-headless:6379";
        for (String deployment : List.of("herald-gateway", "herald-sender")) {
            HeraldConfig config = HeraldContainerConfig.of(chart, deployment, OUTSIDE_SECRETS, workDir).load();
            assertThat(config.cluster().redis().mode()).as(deployment).isEqualTo(io.herald.config.RedisMode.CLUSTER);
            assertThat(config.cluster().redis().url()).as(deployment).isEqualTo(seeds);
            assertThat(config.webhooks().redis().mode()).as(deployment).isEqualTo(io.herald.config.RedisMode.CLUSTER);
            assertThat(config.webhooks().redis().url()).as(deployment).isEqualTo(seeds);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void severalGatewaysFormACluster(String release, List<Path> files, String[] inline) {
        RenderedChart chart = CHART.render(files, inline);
        Integer replicas = chart.get(io.fabric8.kubernetes.api.model.apps.Deployment.class, "herald-gateway").getSpec().getReplicas();
        HeraldConfig gateway = HeraldContainerConfig.of(chart, "herald-gateway", OUTSIDE_SECRETS, workDir).load();

        // No replica count: an autoscaler decides, up to several.
        assertThat(gateway.cluster().enabled()).isEqualTo(replicas == null || replicas > 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void gatewaysLeaveDeliveryToSendersExactlyWhenSendersRun(String release, List<Path> files, String[] inline) {
        RenderedChart chart = CHART.render(files, inline);
        HeraldConfig gateway = HeraldContainerConfig.of(chart, "herald-gateway", OUTSIDE_SECRETS, workDir).load();
        boolean sharedQueue = gateway.webhooks().queue() != QueueDriver.SQLITE;

        assertThat(chart.has("Deployment", "herald-sender")).isEqualTo(sharedQueue);
        assertThat(gateway.webhooks().sender().enabled()).isEqualTo(!sharedQueue);
        if (sharedQueue) {
            HeraldConfig sender = HeraldContainerConfig.of(chart, "herald-sender", OUTSIDE_SECRETS, workDir).load();
            assertThat(sender.webhooks().queue()).isEqualTo(gateway.webhooks().queue());
            assertThat(sender.webhooks().redis()).isEqualTo(gateway.webhooks().redis());
            assertThat(sender.webhooks().nats()).isEqualTo(gateway.webhooks().nats());
            assertThat(sender.apps()).isEqualTo(gateway.apps());
        }
    }
}
