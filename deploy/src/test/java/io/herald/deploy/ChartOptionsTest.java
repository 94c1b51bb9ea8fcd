package io.herald.deploy;

import static io.herald.deploy.ChartExamplesTest.container;
import static io.herald.deploy.ChartExamplesTest.env;
import static io.herald.deploy.ChartExamplesTest.port;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's defaults and what single values change in the rendered objects. */
class ChartOptionsTest {

    private static final HelmChart CHART = HelmChart.shared();
    /** A cluster, which several gateways need. */
    private static final String CLUSTER = "config: {cluster: {enabled: true, redis: {url: \"redis://redis.internal:6379\"}}}";

    @Test
    void defaultsRunOneGatewayDeliveringItsOwnWebhooks() {
        RenderedChart chart = CHART.render();
        Container gateway = container(chart.get(Deployment.class, "herald-gateway"));

        assertThat(chart.get(Deployment.class, "herald-gateway").getSpec().getReplicas()).isEqualTo(1);
        // The SQLite queue lives in each pod, so there are no separate senders.
        assertThat(chart.has("Deployment", "herald-sender")).isFalse();
        assertThat(gateway.getEnv()).extracting(EnvVar::getName).containsExactly("HERALD_LOG_LEVEL", "HERALD_SERVER_DRAIN_WINDOW");
        assertThat(env(gateway, "HERALD_SERVER_DRAIN_WINDOW").getValue()).isEqualTo("30");
        assertThat(chart.get(PodDisruptionBudget.class, "herald-gateway").getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(chart.kindsAndNames()).containsExactlyInAnyOrder("PodDisruptionBudget/herald-gateway",
                "ServiceAccount/herald", "ConfigMap/herald", "Service/herald-metrics", "Service/herald",
                "Deployment/herald-gateway");
        // preStop 10 s + drain 30 s + 15 s for the rest of the shutdown.
        assertThat(chart.get(Deployment.class, "herald-gateway").getSpec().getTemplate().getSpec()
                .getTerminationGracePeriodSeconds()).isEqualTo(55L);
    }

    @Test
    void appsListedInValuesGoIntoASecretNotTheConfigMap() {
        RenderedChart chart = CHART.render("""
                apps:
                  list:
                    - {id: "1", key: chat-key, secret: a-long-random-secret}
                """);
        Secret secret = chart.get(Secret.class, "herald-apps");
        Deployment gateway = chart.get(Deployment.class, "herald-gateway");

        assertThat(secret.getStringData()).containsEntry("apps", "[{\"id\":\"1\",\"key\":\"chat-key\",\"secret\":\"a-long-random-secret\"}]");
        assertThat(env(container(gateway), "HERALD_APPS").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("apps");
        assertThat(chart.object("ConfigMap", "herald").toString()).doesNotContain("a-long-random-secret");
        // A changed app list rolls the pods.
        assertThat(gateway.getSpec().getTemplate().getMetadata().getAnnotations()).containsKey("checksum/apps");
    }

    @Test
    void readsAppsFromAnExistingSecretUnderTheGivenKey() {
        RenderedChart chart = CHART.render("apps: {existingSecret: my-apps, existingSecretKey: apps.yaml}");

        assertThat(chart.has("Secret", "herald-apps")).isFalse();
        assertThat(env(container(chart.get(Deployment.class, "herald-gateway")), "HERALD_APPS").getValueFrom().getSecretKeyRef())
                .satisfies(reference -> {
                    assertThat(reference.getName()).isEqualTo("my-apps");
                    assertThat(reference.getKey()).isEqualTo("apps.yaml");
                });
    }

    @Test
    void pointsTheQueueAtTheInClusterRedisWithItsPassword() {
        RenderedChart chart = CHART.render("{config: {webhooks: {queue: redis}}, redis: {enabled: true}}");

        for (String name : List.of("herald-gateway", "herald-sender")) {
            Container container = container(chart.get(Deployment.class, name));
            List<String> names = container.getEnv().stream().map(EnvVar::getName).toList();
            assertThat(env(container, "REDIS_PASSWORD").getValueFrom().getSecretKeyRef())
                    .satisfies(reference -> {
                        assertThat(reference.getName()).isEqualTo("herald-redis");
                        assertThat(reference.getKey()).isEqualTo("redis-password");
                    });
            assertThat(env(container, "HERALD_WEBHOOKS_REDIS_URL").getValue())
                    .isEqualTo("redis://:$(REDIS_PASSWORD)@herald-redis-master:6379");
            // Kubernetes expands $(REDIS_PASSWORD) only from variables defined before.
            assertThat(names.indexOf("REDIS_PASSWORD")).isLessThan(names.indexOf("HERALD_WEBHOOKS_REDIS_URL"));
        }
    }

    @Test
    void pointsTheQueueAtTheInClusterNats() {
        RenderedChart chart = CHART.render("{config: {webhooks: {queue: nats}}, nats: {enabled: true}}");

        assertThat(env(container(chart.get(Deployment.class, "herald-sender")), "HERALD_WEBHOOKS_NATS_URL").getValue())
                .isEqualTo("nats://herald-nats:4222");
    }

    @Test
    void refusesSeveralGatewaysOutsideACluster() {
        assertThatThrownBy(() -> CHART.render("gateway: {replicas: 2}"))
                .hasMessageContaining("more than one gateway needs config.cluster.enabled: true");
        assertThatThrownBy(() -> CHART.render("gateway: {autoscaling: {enabled: true}}"))
                .hasMessageContaining("more than one gateway needs config.cluster.enabled: true");
        assertThat(CHART.render("{gateway: {replicas: 3}, config: {cluster: {enabled: true, redis: {url: \"redis://redis.internal:6379\"}}}}")
                .get(Deployment.class, "herald-gateway").getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void pointsTheClusterAndTheQueueAtTheInClusterRedisWithOnePassword() {
        RenderedChart chart = CHART.render("""
                config: {cluster: {enabled: true}, webhooks: {queue: redis}}
                redis: {enabled: true}
                gateway: {replicas: 2}
                """);
        Container gateway = container(chart.get(Deployment.class, "herald-gateway"));

        assertThat(gateway.getEnv()).extracting(EnvVar::getName).containsOnlyOnce("REDIS_PASSWORD");
        assertThat(env(gateway, "HERALD_CLUSTER_REDIS_URL").getValue()).isEqualTo("redis://:$(REDIS_PASSWORD)@herald-redis-master:6379");
        assertThat(env(gateway, "HERALD_WEBHOOKS_REDIS_URL").getValue()).isEqualTo("redis://:$(REDIS_PASSWORD)@herald-redis-master:6379");
    }

    @Test
    void pointsTheClusterBusAtTheInClusterNats() {
        RenderedChart chart = CHART.render("""
                config: {cluster: {enabled: true, bus: nats, redis: {url: "redis://redis.internal:6379"}}}
                nats: {enabled: true}
                redis: {enabled: true, auth: {enabled: false}}
                """);
        Container gateway = container(chart.get(Deployment.class, "herald-gateway"));

        assertThat(env(gateway, "HERALD_CLUSTER_NATS_URL").getValue()).isEqualTo("nats://herald-nats:4222");
        // The state store's URL was given, so the chart's Redis is not used for it.
        assertThat(gateway.getEnv()).extracting(EnvVar::getName).doesNotContain("HERALD_CLUSTER_REDIS_URL", "REDIS_PASSWORD");
    }

    @Test
    void refusesAClusterWithoutItsServers() {
        assertThatThrownBy(() -> CHART.render("config: {cluster: {enabled: true}}"))
                .hasMessageContaining("config.cluster.enabled is true but no Redis is set: give config.cluster.redis.url, "
                        + "a HERALD_CLUSTER_REDIS_URL in extraEnv, or redis.enabled: true");
        assertThatThrownBy(() -> CHART.render("config: {cluster: {enabled: true, bus: nats, redis: {url: \"redis://r:6379\"}}}"))
                .hasMessageContaining("config.cluster.bus is nats but no NATS is set");
    }

    @Test
    void takesAServerUrlFromExtraEnv() {
        RenderedChart chart = CHART.render("""
                config: {cluster: {enabled: true}}
                redis: {enabled: true}
                extraEnv:
                  - name: HERALD_CLUSTER_REDIS_URL
                    valueFrom: {secretKeyRef: {name: redis-url, key: url}}
                """);

        assertThat(env(container(chart.get(Deployment.class, "herald-gateway")), "HERALD_CLUSTER_REDIS_URL").getValueFrom()
                .getSecretKeyRef().getName()).isEqualTo("redis-url");
        assertThat(container(chart.get(Deployment.class, "herald-gateway")).getEnv()).extracting(EnvVar::getName)
                .containsOnlyOnce("HERALD_CLUSTER_REDIS_URL").doesNotContain("REDIS_PASSWORD");
    }

    @Test
    void keepsAQueueUrlGivenInTheConfiguration() {
        RenderedChart chart = CHART.render("""
                config: {webhooks: {queue: redis, redis: {url: "redis://redis.internal:6379"}}}
                redis: {enabled: true}
                """);

        assertThat(container(chart.get(Deployment.class, "herald-gateway")).getEnv()).extracting(EnvVar::getName)
                .doesNotContain("HERALD_WEBHOOKS_REDIS_URL", "REDIS_PASSWORD");
    }

    @Test
    void refusesASharedQueueWithoutAServer() {
        assertThatThrownBy(() -> CHART.render("config: {webhooks: {queue: redis}}"))
                .hasMessageContaining("config.webhooks.queue is redis but no Redis is set");
        assertThatThrownBy(() -> CHART.render("config: {webhooks: {queue: nats}}"))
                .hasMessageContaining("config.webhooks.queue is nats but no NATS is set");
    }

    @Test
    void letsGatewaysDeliverWhenSendersAreTurnedOff() {
        RenderedChart chart = CHART.render("""
                config: {webhooks: {queue: redis, redis: {url: "redis://redis.internal:6379"}}}
                sender: {enabled: false}
                """);

        assertThat(chart.has("Deployment", "herald-sender")).isFalse();
        assertThat(chart.has("PodDisruptionBudget", "herald-sender")).isFalse();
        assertThat(container(chart.get(Deployment.class, "herald-gateway")).getEnv()).extracting(EnvVar::getName)
                .doesNotContain("HERALD_WEBHOOKS_SENDER_ENABLED");
    }

    @Test
    void followsThePortsOfTheConfiguration() {
        RenderedChart chart = CHART.render("config: {server: {port: 7001}, metrics: {port: 9700}}");
        Container gateway = container(chart.get(Deployment.class, "herald-gateway"));

        assertThat(port(gateway, "http")).isEqualTo(7001);
        assertThat(port(gateway, "metrics")).isEqualTo(9700);
        assertThat(gateway.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(chart.get(io.fabric8.kubernetes.api.model.Service.class, "herald-metrics").getSpec().getPorts().getFirst()
                .getPort()).isEqualTo(9700);
    }

    @Test
    void refusesTheSamePortForServerAndMetrics() {
        assertThatThrownBy(() -> CHART.render("config: {server: {port: 7001}, metrics: {port: 7001}}"))
                .hasMessageContaining("config.server.port and config.metrics.port must differ");
    }

    @Test
    void rollsThePodsWhenTheConfigurationChanges() {
        String before = CHART.render("config: {server: {max-connections: 1000}}").get(Deployment.class, "herald-gateway")
                .getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
        String after = CHART.render("config: {server: {max-connections: 2000}}").get(Deployment.class, "herald-gateway")
                .getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");

        assertThat(before).isNotEqualTo(after);
    }

    @Test
    void stretchesTheGracePeriodWithTheDrain() {
        PodSpec pod = CHART.render("gateway: {drain: {preStopSleepSeconds: 5, windowSeconds: 120, shutdownSlackSeconds: 10,"
                + " clientsPerSecond: 400}}")
                .get(Deployment.class, "herald-gateway").getSpec().getTemplate().getSpec();

        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(135L);
        assertThat(env(pod.getContainers().getFirst(), "HERALD_SERVER_DRAIN_WINDOW").getValue())
                .as("the node spreads its drain over the same window").isEqualTo("120");
        assertThat(env(pod.getContainers().getFirst(), "HERALD_SERVER_DRAIN_RATE").getValue()).isEqualTo("400");
        assertThat(pod.getContainers().getFirst().getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
    }

    @Test
    void choosesHowStrictlyGatewaysAreSpread() {
        PodSpec hard = CHART.render("gateway: {podAntiAffinity: hard}").get(Deployment.class, "herald-gateway")
                .getSpec().getTemplate().getSpec();
        PodSpec none = CHART.render("gateway: {podAntiAffinity: none}").get(Deployment.class, "herald-gateway")
                .getSpec().getTemplate().getSpec();
        PodSpec own = CHART.render("gateway: {affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: "
                + "{nodeSelectorTerms: [{matchExpressions: [{key: pool, operator: In, values: [realtime]}]}]}}}}")
                .get(Deployment.class, "herald-gateway").getSpec().getTemplate().getSpec();

        assertThat(hard.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
        assertThat(none.getAffinity()).isNull();
        assertThat(own.getAffinity().getPodAntiAffinity()).isNull();
        assertThat(own.getAffinity().getNodeAffinity()).isNotNull();
    }

    @Test
    void scalesGatewaysOnConnectionsToo() {
        HorizontalPodAutoscaler scaler = CHART.render(CLUSTER, "gateway: {autoscaling: {enabled: true, targetConnectionsPerPod: 20000}}")
                .get(HorizontalPodAutoscaler.class, "herald-gateway");

        assertThat(scaler.getSpec().getMetrics()).extracting(metric -> metric.getType()).containsExactly("Resource", "Pods");
        assertThat(scaler.getSpec().getMetrics().get(1).getPods().getMetric().getName()).isEqualTo("herald_connections");
        assertThat(scaler.getSpec().getMetrics().get(1).getPods().getTarget().getAverageValue().getAmount()).isEqualTo("20000");
    }

    @Test
    void refusesAutoscalingWithMinimumAboveMaximum() {
        assertThatThrownBy(() -> CHART.render(CLUSTER, "gateway: {autoscaling: {enabled: true, minReplicas: 5, maxReplicas: 3}}"))
                .hasMessageContaining("gateway.autoscaling.minReplicas (5) is above maxReplicas (3)");
    }

    @Test
    void passesTheJavaOptionsAndLogLevelToTheImage() {
        Container gateway = container(CHART.render("{javaOpts: \"-XX:+UseZGC\", logLevel: DEBUG}")
                .get(Deployment.class, "herald-gateway"));

        assertThat(env(gateway, "HERALD_JAVA_OPTS").getValue()).isEqualTo("-XX:+UseZGC");
        assertThat(env(gateway, "HERALD_LOG_LEVEL").getValue()).isEqualTo("DEBUG");
    }

    @Test
    void installsTheGrafanaDashboardWhereTheSidecarLooks() {
        RenderedChart chart = CHART.render("metrics: {grafanaDashboard: {enabled: true, namespace: monitoring}}");

        Map<String, Object> dashboard = chart.object("ConfigMap", "herald-dashboard");
        assertThat(((Map<?, ?>) dashboard.get("metadata")).get("namespace")).isEqualTo("monitoring");
    }
}
