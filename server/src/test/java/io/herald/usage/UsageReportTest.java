package io.herald.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-app usage from metrics text: one node, several nodes, and the difference over a period. */
class UsageReportTest {

    private static final String NODE_A = """
            # TYPE herald_connection_seconds_total counter
            herald_connection_seconds_total{app="app-1"} 120.25
            herald_connection_seconds_total{app="app-2"} 10.0
            herald_connections_peak{app="app-1"} 4.0
            herald_connections_peak{app="app-2"} 1.0
            herald_connections{app="app-1"} 2.0
            herald_events_published_total{app="app-1",source="api"} 7.0
            herald_events_published_total{app="app-1",source="bus"} 100.0
            herald_client_events_total{app="app-1"} 3.0
            herald_messages_sent_total{app="app-1"} 30.0
            herald_messages_received_total{app="app-1"} 50.0
            herald_bytes_received_total{app="app-1"} 1000.0
            herald_api_bytes_received_total{app="app-1"} 200.0
            herald_bytes_sent_total{app="app-1"} 5000.0
            herald_webhook_attempts_total{app="app-1",outcome="2xx"} 8.0
            herald_webhook_attempts_total{app="app-1",outcome="5xx"} 2.0
            herald_webhook_attempts_total{app="app-1",outcome="timeout"} 1.0
            herald_api_requests_total{app="unknown",endpoint="not_found",status="404"} 9.0
            jvm_threads_live_threads 30.0
            """;

    private static final String NODE_B = """
            herald_connection_seconds_total{app="app-1"} 0.5
            herald_connections_peak{app="app-1"} 2.0
            herald_messages_sent_total{app="app-1"} 12.0
            herald_connection_seconds_total{app="app-3"} 1.0
            """;

    private static Map<String, AppUsage> node(String text) {
        return NodeUsage.of(PrometheusText.parse(text));
    }

    @Test
    void readsOneNodesUsagePerApp() {
        Map<String, AppUsage> usage = node(NODE_A);

        assertThat(usage.keySet()).containsExactly("app-1", "app-2");
        AppUsage app1 = usage.get("app-1");
        assertThat(app1.connectionSeconds()).isCloseTo(120.25, within(1e-9));
        assertThat(app1.peakConnections()).isEqualTo(4);
        assertThat(app1.publishedApi()).as("only the API's own publishes").isEqualTo(7);
        assertThat(app1.publishedClient()).isEqualTo(3);
        assertThat(app1.published()).isEqualTo(10);
        assertThat(app1.delivered()).isEqualTo(30);
        assertThat(app1.bytesIn()).as("WebSocket and API bytes").isEqualTo(1200);
        assertThat(app1.bytesOut()).isEqualTo(5000);
        assertThat(app1.webhookAttempts()).isEqualTo(11);
        assertThat(app1.webhookFailures()).isEqualTo(3);
        assertThat(usage.get("app-2")).isEqualTo(new AppUsage("app-2", 10.0, 1, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void addsNodesTogether() {
        UsageReport report = UsageReport.totals(List.of("a", "b"), List.of(node(NODE_A), node(NODE_B)));

        assertThat(report.period()).isNull();
        assertThat(report.apps()).extracting(AppUsage::app).containsExactly("app-1", "app-2", "app-3");
        AppUsage app1 = report.apps().get(0);
        assertThat(app1.connectionSeconds()).isCloseTo(120.75, within(1e-9));
        assertThat(app1.peakConnections()).isEqualTo(6);
        assertThat(app1.delivered()).isEqualTo(42);
    }

    @Test
    void subtractsTheFirstReadingOverAPeriod() {
        String later = NODE_A.replace("120.25", "180.25").replace("} 30.0", "} 45.0").replace("} 5000.0", "} 7500.0")
                .replace("herald_connections_peak{app=\"app-1\"} 4.0", "herald_connections_peak{app=\"app-1\"} 5.0");

        UsageReport report = UsageReport.over(Duration.ofSeconds(60), List.of("a"), List.of(node(NODE_A)), List.of(node(later)));

        AppUsage app1 = report.apps().get(0);
        assertThat(report.period()).isEqualTo(Duration.ofSeconds(60));
        assertThat(app1.connectionSeconds()).isCloseTo(60, within(1e-9));
        assertThat(app1.delivered()).isEqualTo(15);
        assertThat(app1.bytesOut()).isEqualTo(2500);
        assertThat(app1.published()).isZero();
        assertThat(app1.webhookAttempts()).isZero();
        assertThat(app1.peakConnections()).as("the high-water mark at the end").isEqualTo(5);
    }

    @Test
    void aNodeThatRestartedDuringThePeriodCountsWhatItDidSince() {
        String restarted = """
                herald_connection_seconds_total{app="app-1"} 4.0
                herald_messages_sent_total{app="app-1"} 3.0
                """;

        UsageReport report = UsageReport.over(Duration.ofSeconds(60), List.of("a", "b"),
                List.of(node(NODE_A), node(NODE_B)), List.of(node(restarted), node(NODE_B)));

        AppUsage app1 = report.apps().get(0);
        assertThat(app1.connectionSeconds()).isCloseTo(4, within(1e-9));
        assertThat(app1.delivered()).isEqualTo(3);
    }

    @Test
    void anAppFirstSeenInTheSecondReadingCountsFromZero() {
        String withNewApp = NODE_B + "herald_messages_sent_total{app=\"app-9\"} 5.0\n";

        UsageReport report = UsageReport.over(Duration.ofSeconds(1), List.of("b"), List.of(node(NODE_B)), List.of(node(withNewApp)));

        assertThat(report.apps()).filteredOn(app -> app.app().equals("app-9")).singleElement()
                .extracting(AppUsage::delivered).isEqualTo(5L);
    }
}
