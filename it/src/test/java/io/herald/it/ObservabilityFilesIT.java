package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.pusher.rest.Pusher;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.WebhookReceiver;
import io.herald.usage.MetricsEndpoint;
import io.herald.usage.PrometheusText.Sample;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus alert rules shipped with the Helm chart may only use
 * metrics a node really exports: a real node is driven until it has exported every series they
 * name, so a renamed or removed metric fails here rather than on an operator's screen.
 */
class ObservabilityFilesIT {

    private static final Path FILES = Path.of("deploy", "helm", "herald", "files");
    /** Series names: the metric families this project and Micrometer's JVM meters export. */
    private static final Pattern METRIC = Pattern.compile("\\b(?:herald|jvm|process|system)_[a-zA-Z0-9_:]+");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

    private static JsonNode dashboard;
    private static JsonNode alerts;

    @BeforeAll
    static void readFiles() throws IOException {
        Path files = projectRoot().resolve(FILES);
        dashboard = new ObjectMapper().readTree(files.resolve("grafana-dashboard.json").toFile());
        alerts = new YAMLMapper().readTree(files.resolve("alerts.yaml").toFile());
    }

    @Test
    void everyMetricTheDashboardAndAlertsUseIsExportedByANode() throws Exception {
        Set<String> used = new TreeSet<>();
        dashboardExpressions().forEach(expr -> used.addAll(metricNames(expr)));
        alertExpressions().values().forEach(expr -> used.addAll(metricNames(expr)));
        assertThat(used).as("metric names found in the files").hasSizeGreaterThan(20);

        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestNode node = TestNode.start("apps=[{id: app-id, key: app-key, secret: app-secret, webhooks: [{url: '"
                     + receiver.url("/hooks") + "'}]}]", "webhooks.batch-max-wait=50", "webhooks.debounce=60000")) {
            exerciseEverything(node);
            URI metrics = URI.create("http://" + TestNode.HOST + ":" + node.metricsPort() + "/metrics");
            MetricsEndpoint endpoint = new MetricsEndpoint(Duration.ofSeconds(10));
            await("every metric the files use to be exported").atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> {
                        Set<String> missing = new TreeSet<>(used);
                        missing.removeAll(exported(endpoint, metrics));
                        assertThat(missing).as("used in the dashboard or alerts but not exported").isEmpty();
                    });
        }
    }

    @Test
    void everyPanelQueriesPrometheusThroughTheTemplatedDataSource() {
        JsonNode variables = dashboard.path("templating").path("list");
        assertThat(variables.findValuesAsText("name")).contains("datasource", "app");
        for (JsonNode panel : panels()) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
    }

    @Test
    void perAppMetricsInTheDashboardFollowTheAppVariable() {
        for (String expr : panelExpressions()) {
            for (String name : metricNames(expr)) {
                if (PER_APP.contains(name)) {
                    assertThat(expr).as("%s in %s", name, expr).contains(name + "{app=~\"$app\"");
                }
            }
        }
    }

    @Test
    void everyAlertHasASeverityAndASummary() {
        Map<String, String> rules = alertExpressions();
        assertThat(rules).containsKeys("HeraldWebhookBacklogAging", "HeraldWebhookDeadLettersGrowing", "HeraldClusterDisconnected",
                "HeraldSlowConsumerDisconnects", "HeraldReadinessFlapping", "HeraldClientErrorRate", "HeraldPerAddressLimitRefusals",
                "HeraldRequestTimeouts");
        for (JsonNode group : alerts.path("groups")) {
            assertThat(group.path("name").asText()).isNotBlank();
            for (JsonNode rule : group.path("rules")) {
                String alert = rule.path("alert").asText();
                assertThat(rule.path("labels").path("severity").asText()).as(alert).isIn("warning", "critical");
                assertThat(rule.path("annotations").path("summary").asText()).as(alert).isNotBlank();
                assertThat(rule.path("annotations").path("description").asText()).as(alert).isNotBlank();
            }
        }
    }

    /** Series carrying an app label: filtering them by the dashboard's app variable must not be forgotten. */
    private static final Set<String> PER_APP = Set.of("herald_connections", "herald_connections_opened_total",
            "herald_connections_closed_total", "herald_connections_peak", "herald_connection_seconds_total",
            "herald_subscriptions", "herald_channels", "herald_messages_received_total", "herald_messages_sent_total",
            "herald_bytes_received_total", "herald_api_bytes_received_total", "herald_bytes_sent_total",
            "herald_events_published_total", "herald_client_events_total", "herald_errors_total",
            "herald_slow_consumers_closed_total", "herald_api_requests_total", "herald_webhook_attempts_total",
            "herald_webhook_events_total", "herald_webhook_events_suppressed_total");

    /**
     * Makes the node export every series that appears only once something happened: a refused
     * handshake, an error, a closed connection, an API request, a webhook detected, debounced and
     * delivered.
     */
    private static void exerciseEverything(TestNode node) throws Exception {
        try (RawPusherClient refused = RawPusherClient.connect(node.wsUrl("no-such-key") + RawPusherClient.JS_QUERY)) {
            refused.awaitClose();
        }
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.send("not json");
            client.awaitEvent("pusher:error");
            client.subscribe("news");
            client.awaitSubscribed("news");
            // Leaving and coming back within the debounce drops the channel_vacated webhook.
            client.unsubscribe("news");
            client.subscribe("news");
            client.roundTrip();
            Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
            sdk.setHost(TestNode.HOST + ":" + node.port());
            sdk.setEncrypted(false);
            sdk.trigger("news", "headline", Map.of("title", "hello"));
            sdk.close();
            client.awaitEvent("headline", "news");
        }
    }

    private static Set<String> exported(MetricsEndpoint endpoint, URI metrics) throws Exception {
        return endpoint.read(metrics).stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<JsonNode> panels() {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panels.add(panel);
            panel.path("panels").forEach(panels::add);
        }
        return panels;
    }

    private static List<String> panelExpressions() {
        List<String> expressions = new ArrayList<>();
        panels().forEach(panel -> panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText())));
        return expressions;
    }

    /** The panels' queries and the template variables' queries. */
    private static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>(panelExpressions());
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                expressions.add(variable.path("definition").asText());
            }
        }
        return expressions;
    }

    private static Map<String, String> alertExpressions() {
        Map<String, String> expressions = new java.util.TreeMap<>();
        for (JsonNode group : alerts.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                expressions.put(rule.path("alert").asText(), rule.path("expr").asText());
            }
        }
        return expressions;
    }

    /** The metric names in a PromQL expression; quoted label values are skipped. */
    static Set<String> metricNames(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC.matcher(QUOTED.matcher(expr).replaceAll("\"\""));
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** The checkout's root: the first directory up from the working directory holding deploy/helm. */
    private static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve(FILES))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + FILES + " above " + Path.of("").toAbsolutePath());
    }
}
