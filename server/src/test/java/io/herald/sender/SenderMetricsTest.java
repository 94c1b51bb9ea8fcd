package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.webhook.QueueStats;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SenderMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SenderMetrics metrics = new SenderMetrics(registry);

    @Test
    void exposesQueueDepthAndOldestReadyAge() {
        metrics.queueStats(new QueueStats(7, 3, 2, 1, 12_500));

        String scrape = registry.scrape();
        assertThat(scrape).contains("herald_webhook_queue_ready 7.0", "herald_webhook_queue_delayed 3.0",
                "herald_webhook_queue_in_flight 2.0", "herald_webhook_queue_dead 1.0",
                "herald_webhook_queue_oldest_ready_age_seconds 12.5");
    }

    @Test
    void countsAttemptsByOutcomeClassAndApp() {
        metrics.attempt("app-1", OutcomeClass.SUCCESS);
        metrics.attempt("app-1", OutcomeClass.SUCCESS);
        metrics.attempt("app-1", OutcomeClass.TIMEOUT);
        metrics.attempt("app-2", OutcomeClass.BLOCKED);

        String scrape = registry.scrape();
        assertThat(scrape).contains("herald_webhook_attempts_total{app=\"app-1\",outcome=\"2xx\"} 2.0",
                "herald_webhook_attempts_total{app=\"app-1\",outcome=\"timeout\"} 1.0",
                "herald_webhook_attempts_total{app=\"app-2\",outcome=\"blocked\"} 1.0");
    }

    @Test
    void recordsLagAndEndToEndLatencyAsHistograms() {
        metrics.firstAttempt(120);
        metrics.delivered(3_000);

        String scrape = registry.scrape();
        assertThat(scrape).contains("herald_webhook_first_attempt_lag_seconds_bucket{le=\"0.25\"} 1",
                "herald_webhook_first_attempt_lag_seconds_bucket{le=\"0.1\"} 0",
                "herald_webhook_end_to_end_seconds_bucket{le=\"5.0\"} 1",
                "herald_webhook_end_to_end_seconds_bucket{le=\"2.5\"} 0",
                "herald_webhook_end_to_end_seconds_count 1");
    }

    @Test
    void reportsEachEndpointsBreakerState() {
        AtomicReference<CircuitBreaker.State> state = new AtomicReference<>(CircuitBreaker.State.CLOSED);
        metrics.breaker("https://hooks.example.com:443/a", state::get);

        assertThat(registry.scrape()).contains("herald_webhook_breaker_state{endpoint=\"https://hooks.example.com:443/a\"} 0.0");
        state.set(CircuitBreaker.State.OPEN);
        assertThat(registry.scrape()).contains("herald_webhook_breaker_state{endpoint=\"https://hooks.example.com:443/a\"} 2.0");
        state.set(CircuitBreaker.State.HALF_OPEN);
        assertThat(registry.scrape()).contains("herald_webhook_breaker_state{endpoint=\"https://hooks.example.com:443/a\"} 1.0");
    }

    @Test
    void countsDeadLettersAndDeferralsByReason() {
        metrics.deadLettered("app-1", "window");
        metrics.deferred("breaker_open");

        String scrape = registry.scrape();
        assertThat(scrape).contains("herald_webhook_dead_lettered_total{app=\"app-1\",reason=\"window\"} 1.0",
                "herald_webhook_deferred_total{reason=\"breaker_open\"} 1.0");
    }

    @Test
    void endpointLabelsLeaveOutCredentialsAndQueryStrings() {
        assertThat(EndpointStates.redact("https://user:pw@hooks.example.com/a/b?token=secret"))
                .isEqualTo("https://hooks.example.com:443/a/b");
        assertThat(EndpointStates.redact("not a url")).isEqualTo("invalid-url");
    }
}
