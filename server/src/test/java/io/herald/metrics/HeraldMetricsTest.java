package io.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.outbox.OutboxMetrics;
import io.herald.usage.PrometheusText;
import io.herald.usage.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeraldMetricsTest {

    private static Optional<Double> value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .map(Sample::value).findFirst();
    }

    @Test
    void aRegisteredAppHasItsUsageSeriesAtZeroBeforeAnyTraffic() {
        try (HeraldMetrics metrics = new HeraldMetrics()) {
            metrics.registerApp("app-1");
            List<Sample> samples = PrometheusText.parse(metrics.scrape());

            Map<String, String> app = Map.of("app", "app-1");
            for (String name : List.of("herald_connections", "herald_connections_peak", "herald_connection_seconds_total",
                    "herald_connections_opened_total", "herald_slow_consumers_closed_total", "herald_subscriptions",
                    "herald_channels", "herald_messages_received_total", "herald_bytes_received_total",
                    "herald_messages_sent_total", "herald_bytes_sent_total", "herald_client_events_total",
                    "herald_api_bytes_received_total")) {
                assertThat(value(samples, name, app)).as(name).contains(0.0);
            }
            assertThat(value(samples, "herald_events_published_total", Map.of("app", "app-1", "source", "api"))).contains(0.0);
        }
    }

    @Test
    void connectionsUpdateTheGaugeThePeakAndConnectionSeconds() {
        try (HeraldMetrics metrics = new HeraldMetrics()) {
            metrics.connectionOpened("app-1");
            metrics.connectionOpened("app-1");
            metrics.connectionClosed("app-1", 1000);
            List<Sample> samples = PrometheusText.parse(metrics.scrape());

            Map<String, String> app = Map.of("app", "app-1");
            assertThat(value(samples, "herald_connections", app)).contains(1.0);
            assertThat(value(samples, "herald_connections_peak", app)).contains(2.0);
            assertThat(value(samples, "herald_connections_opened_total", app)).contains(2.0);
            assertThat(value(samples, "herald_connection_seconds_total", app)).hasValueSatisfying(
                    seconds -> assertThat(seconds).isPositive());
        }
    }

    @Test
    void readinessAndTheOutboxCountersAreExposedFromTheStart() {
        try (HeraldMetrics metrics = new HeraldMetrics()) {
            boolean[] ready = {true};
            metrics.readiness(() -> ready[0]);
            new OutboxMetrics(metrics.registry());
            assertThat(value(PrometheusText.parse(metrics.scrape()), "herald_ready", Map.of())).contains(1.0);
            ready[0] = false;
            List<Sample> samples = PrometheusText.parse(metrics.scrape());
            assertThat(value(samples, "herald_ready", Map.of())).contains(0.0);
            assertThat(value(samples, "herald_webhook_jobs_dropped_total", Map.of())).contains(0.0);
            assertThat(value(samples, "herald_webhook_enqueue_failures_total", Map.of())).contains(0.0);
            assertThat(value(samples, "herald_webhook_jobs_enqueued_total", Map.of())).contains(0.0);
        }
    }
}
