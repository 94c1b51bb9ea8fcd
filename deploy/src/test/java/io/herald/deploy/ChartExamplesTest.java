package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The example values files (staging, production, production in a second region), rendered by
 * Helm and read back as Kubernetes objects: what a cluster would be given.
 */
class ChartExamplesTest {

    private static final HelmChart CHART = HelmChart.shared();
    private static final String GATEWAY = "herald-gateway";
    private static final String SENDER = "herald-sender";

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("staging", List.of(CHART.example("values-staging.yaml"))),
                Arguments.of("production", List.of(CHART.example("values-production.yaml"))),
                Arguments.of("production-eu", List.of(CHART.example("values-production.yaml"),
                        CHART.example("values-production-eu.yaml"))),
                Arguments.of("redis-cluster", List.of(CHART.example("values-production.yaml"),
                        CHART.example("values-redis-cluster.yaml"))));
    }

    private static RenderedChart render(String... examples) {
        return CHART.render(Stream.of(examples).map(CHART::example).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void rendersOnlyObjectsKubernetesKnowsWithoutUnknownFields(String example, List<Path> files) {
        RenderedChart chart = CHART.render(files);

        // Binding checks each object's apiVersion and fields against the Kubernetes model.
        assertThat(chart.all(Deployment.class)).isNotEmpty();
        chart.all(Service.class);
        chart.all(ConfigMap.class);
        chart.all(Secret.class);
        chart.all(ServiceAccount.class);
        chart.all(HorizontalPodAutoscaler.class);
        chart.all(PodDisruptionBudget.class);
        chart.all(Ingress.class);
        chart.all(NetworkPolicy.class);
        assertThat(chart.objects()).extracting(object -> object.get("kind")).allSatisfy(kind -> assertThat(kind).isIn(
                "Deployment", "Service", "ConfigMap", "Secret", "ServiceAccount", "HorizontalPodAutoscaler",
                "PodDisruptionBudget", "Ingress", "NetworkPolicy", "ServiceMonitor", "PrometheusRule"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void probesGatewaysOnTheMetricsPort(String example, List<Path> files) {
        Container gateway = container(CHART.render(files).get(Deployment.class, GATEWAY));

        assertThat(port(gateway, "http")).isEqualTo(6001);
        assertThat(port(gateway, "metrics")).isEqualTo(9601);
        assertProbe(gateway.getReadinessProbe(), "/ready");
        assertProbe(gateway.getLivenessProbe(), "/health");
        assertProbe(gateway.getStartupProbe(), "/health");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void givesGatewaysTimeToDrainBeforeTheyAreKilled(String example, List<Path> files) {
        ChartValues values = ChartValues.of(CHART, files);
        int preStopSleep = values.integer("gateway.drain.preStopSleepSeconds");
        int drainWindow = values.integer("gateway.drain.windowSeconds");
        PodSpec pod = CHART.render(files).get(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();

        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(drainWindow + preStopSleep);
        assertThat(pod.getContainers().getFirst().getLifecycle().getPreStop().getExec().getCommand())
                .containsExactly("sleep", String.valueOf(preStopSleep));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsEveryPodAsNonRootOnAReadOnlyRootFilesystem(String example, List<Path> files) {
        for (Deployment deployment : CHART.render(files).all(Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().getFirst();

            assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
            assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(pod.getAutomountServiceAccountToken()).isFalse();
            // The only writable paths, both emptyDir volumes.
            assertThat(container.getVolumeMounts()).filteredOn(mount -> !Boolean.TRUE.equals(mount.getReadOnly()))
                    .extracting(VolumeMount::getMountPath).containsExactlyInAnyOrder("/tmp", "/var/lib/herald");
            assertThat(pod.getVolumes()).filteredOn(volume -> volume.getEmptyDir() != null)
                    .extracting(volume -> volume.getName()).containsExactlyInAnyOrder("tmp", "data");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void runsSeparateSendersForTheSharedQueue(String example, List<Path> files) {
        RenderedChart chart = CHART.render(files);
        Container sender = container(chart.get(Deployment.class, SENDER));
        Container gateway = container(chart.get(Deployment.class, GATEWAY));

        assertThat(sender.getArgs()).containsExactly("sender", "--config", "/etc/herald/herald.yaml");
        assertThat(gateway.getArgs()).containsExactly("start", "--config", "/etc/herald/herald.yaml");
        assertThat(sender.getPorts()).extracting(ContainerPort::getName).containsExactly("metrics");
        assertProbe(sender.getReadinessProbe(), "/ready");
        assertProbe(sender.getLivenessProbe(), "/health");
        assertThat(env(gateway, "HERALD_WEBHOOKS_SENDER_ENABLED").getValue()).isEqualTo("false");
        assertThat(sender.getEnv()).extracting(EnvVar::getName).doesNotContain("HERALD_WEBHOOKS_SENDER_ENABLED");
        // Both roles need the apps (senders sign webhooks with the app secret) and the same configuration.
        for (Container container : List.of(gateway, sender)) {
            assertThat(env(container, "HERALD_APPS").getValueFrom().getSecretKeyRef().getName()).isEqualTo("herald-apps");
        }
        assertThat(chart.get(Deployment.class, SENDER).getSpec().getTemplate().getSpec().getVolumes())
                .isEqualTo(chart.get(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec().getVolumes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void budgetsDisruptionsOnePodAtATime(String example, List<Path> files) {
        RenderedChart chart = CHART.render(files);
        for (String name : List.of(GATEWAY, SENDER)) {
            PodDisruptionBudget budget = chart.get(PodDisruptionBudget.class, name);
            Deployment deployment = chart.get(Deployment.class, name);

            assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
            assertThat(budget.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void spreadsGatewaysOverNodes(String example, List<Path> files) {
        PodSpec pod = CHART.render(files).get(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec();
        var antiAffinity = pod.getAffinity().getPodAntiAffinity();

        var terms = Stream.concat(
                antiAffinity.getRequiredDuringSchedulingIgnoredDuringExecution().stream(),
                antiAffinity.getPreferredDuringSchedulingIgnoredDuringExecution().stream().map(weighted -> weighted.getPodAffinityTerm()))
                .toList();
        assertThat(terms).singleElement().satisfies(term -> {
            assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
            assertThat(term.getLabelSelector().getMatchLabels()).containsEntry("app.kubernetes.io/component", "gateway");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void servesWebSocketsThroughAServiceWithoutSessionAffinity(String example, List<Path> files) {
        RenderedChart chart = CHART.render(files);
        Service service = chart.get(Service.class, "herald");
        Ingress ingress = chart.get(Ingress.class, "herald");

        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getPort()).isEqualTo(6001);
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        });
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/component", "gateway");
        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600");
        assertThat(ingress.getSpec().getRules().getFirst().getHttp().getPaths().getFirst().getBackend().getService().getName())
                .isEqualTo("herald");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void letsPrometheusScrapeEveryPod(String example, List<Path> files) {
        RenderedChart chart = CHART.render(files);
        Service metrics = chart.get(Service.class, "herald-metrics");
        GenericKubernetesResource monitor = Yaml.MODEL.convertValue(chart.object("ServiceMonitor", "herald"),
                GenericKubernetesResource.class);

        assertThat(metrics.getSpec().getSelector()).doesNotContainKey("app.kubernetes.io/component");
        assertThat(metrics.getSpec().getPorts()).singleElement().satisfies(port -> assertThat(port.getPort()).isEqualTo(9601));
        assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
        Map<String, String> selected = Map.of("app.kubernetes.io/name", "herald", "app.kubernetes.io/instance", "herald",
                "app.kubernetes.io/component", "metrics");
        assertThat((Map<?, ?>) monitor.get("spec", "selector", "matchLabels")).isEqualTo(selected);
        assertThat(metrics.getMetadata().getLabels()).containsAllEntriesOf(selected);
        assertThat((List<?>) monitor.get("spec", "endpoints")).singleElement()
                .isEqualTo(Map.of("port", "metrics", "path", "/metrics", "interval", "30s", "scrapeTimeout", "10s"));
    }

    @Test
    void stagingRunsFixedReplicasWithoutAutoscaling() {
        RenderedChart chart = render("values-staging.yaml");

        assertThat(chart.get(Deployment.class, GATEWAY).getSpec().getReplicas()).isEqualTo(2);
        assertThat(chart.get(Deployment.class, SENDER).getSpec().getReplicas()).isEqualTo(1);
        assertThat(chart.all(HorizontalPodAutoscaler.class)).isEmpty();
        assertThat(chart.has("PrometheusRule", "herald")).isFalse();
        assertThat(chart.all(NetworkPolicy.class)).isEmpty();
    }

    @Test
    void productionScalesGatewaysOnCpuFrom3To20() {
        RenderedChart chart = render("values-production.yaml");
        HorizontalPodAutoscaler scaler = chart.get(HorizontalPodAutoscaler.class, GATEWAY);

        assertThat(scaler.getSpec().getScaleTargetRef().getName()).isEqualTo(GATEWAY);
        assertThat(scaler.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(scaler.getSpec().getMaxReplicas()).isEqualTo(20);
        assertThat(scaler.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(60);
        });
        // Scaling down disconnects clients: one pod per five minutes at most.
        assertThat(scaler.getSpec().getBehavior().getScaleDown().getPolicies()).singleElement()
                .satisfies(policy -> assertThat(policy.getValue()).isEqualTo(1));
        // The autoscaler owns the replica count.
        assertThat(chart.get(Deployment.class, GATEWAY).getSpec().getReplicas()).isNull();
    }

    @Test
    void productionScalesSendersOnTheWebhookBacklogFrom3To15() {
        RenderedChart chart = render("values-production.yaml");
        HorizontalPodAutoscaler scaler = chart.get(HorizontalPodAutoscaler.class, SENDER);

        assertThat(scaler.getSpec().getScaleTargetRef().getName()).isEqualTo(SENDER);
        assertThat(scaler.getSpec().getMinReplicas()).isEqualTo(3);
        assertThat(scaler.getSpec().getMaxReplicas()).isEqualTo(15);
        MetricSpec metric = scaler.getSpec().getMetrics().getFirst();
        assertThat(metric.getType()).isEqualTo("External");
        // The gauge docs/metrics.md names for scaling senders: jobs ready for delivery.
        assertThat(metric.getExternal().getMetric().getName()).isEqualTo("herald_webhook_queue_ready");
        assertThat(metric.getExternal().getTarget().getType()).isEqualTo("AverageValue");
        assertThat(metric.getExternal().getTarget().getAverageValue().getAmount()).isEqualTo("500");
        assertThat(chart.get(Deployment.class, SENDER).getSpec().getReplicas()).isNull();
    }

    @Test
    void productionInstallsAlertsDashboardAndNetworkPolicy() throws IOException {
        RenderedChart chart = render("values-production.yaml");
        Map<String, Object> alerts = Yaml.MAPPER.readValue(CHART.source().resolve("files/alerts.yaml").toFile(), Map.class);
        GenericKubernetesResource rule = Yaml.MODEL.convertValue(chart.object("PrometheusRule", "herald"),
                GenericKubernetesResource.class);
        ConfigMap dashboard = chart.get(ConfigMap.class, "herald-dashboard");

        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat((Object) rule.get("spec", "groups")).isEqualTo(alerts.get("groups"));
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(Yaml.MAPPER.readTree(dashboard.getData().get("herald.json")))
                .isEqualTo(Yaml.MAPPER.readTree(Files.readString(CHART.source().resolve("files/grafana-dashboard.json"))));

        NetworkPolicy gateways = chart.get(NetworkPolicy.class, GATEWAY);
        assertThat(gateways.getSpec().getIngress()).hasSize(2);
        assertThat(gateways.getSpec().getIngress().getFirst().getFrom().getFirst().getNamespaceSelector().getMatchLabels())
                .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
        NetworkPolicy senders = chart.get(NetworkPolicy.class, SENDER);
        assertThat(senders.getSpec().getIngress()).singleElement()
                .satisfies(metricsOnly -> assertThat(metricsOnly.getPorts().getFirst().getPort().getStrVal()).isEqualTo("metrics"));
    }

    @Test
    void secondRegionKeepsProductionButScalesWithinItsOwnRange() {
        RenderedChart chart = render("values-production.yaml", "values-production-eu.yaml");

        assertThat(chart.get(HorizontalPodAutoscaler.class, GATEWAY).getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(chart.get(HorizontalPodAutoscaler.class, GATEWAY).getSpec().getMaxReplicas()).isEqualTo(10);
        assertThat(chart.get(HorizontalPodAutoscaler.class, SENDER).getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(chart.get(HorizontalPodAutoscaler.class, SENDER).getSpec().getMaxReplicas()).isEqualTo(8);
        assertThat(env(container(chart.get(Deployment.class, GATEWAY)), "HERALD_WEBHOOKS_REDIS_URL")
                .getValueFrom().getSecretKeyRef().getName()).isEqualTo("herald-redis-eu");
        assertThat(chart.get(Ingress.class, "herald").getSpec().getRules()).singleElement()
                .satisfies(rule -> assertThat(rule.getHost()).isEqualTo("ws-eu.example.com"));
        assertThat(chart.get(Deployment.class, GATEWAY).getMetadata().getLabels()).containsEntry("region", "eu");
        // Still production: the same drain, anti-affinity and alerts.
        assertThat(chart.get(Deployment.class, GATEWAY).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(95L);
        assertThat(chart.has("PrometheusRule", "herald")).isTrue();
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    }

    static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no " + name + " in "
                        + container.getEnv().stream().map(EnvVar::getName).toList()));
    }

    static int port(Container container, String name) {
        return container.getPorts().stream().filter(port -> name.equals(port.getName())).findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + name)).getContainerPort();
    }

    static void assertProbe(Probe probe, String path) {
        assertThat(probe).as("probe on " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    }
}
