package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.queue.SqliteWebhookQueue;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueStatsPollerTest {

    @TempDir
    Path dataDir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void copiesTheQueuesStatisticsIntoTheGauges() {
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir);
                QueueStatsPoller poller = QueueStatsPoller.start(queue, new SenderMetrics(registry), Duration.ofMillis(50))) {
            long created = System.currentTimeMillis();
            queue.enqueue(List.of(new WebhookJob("a", "app", "http://example.test/", "{}", created),
                    new WebhookJob("b", "app", "http://example.test/", "{}", created)));
            queue.lease(WebhookQueue.Lane.FIRST, 1, Duration.ofSeconds(30));

            await().atMost(Duration.ofSeconds(5)).until(() -> registry.scrape().contains("herald_webhook_queue_ready 1.0"));
            assertThat(registry.scrape()).contains("herald_webhook_queue_in_flight 1.0", "herald_webhook_queue_dead 0.0");
        }
    }

    @Test
    void countsFailedReadsAndKeepsPolling() {
        WebhookQueue queue = new SqliteWebhookQueue(dataDir);
        queue.close();
        try (QueueStatsPoller poller = QueueStatsPoller.start(queue, new SenderMetrics(registry), Duration.ofMillis(20))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> registry.scrape().lines()
                    .anyMatch(line -> line.startsWith("herald_webhook_queue_stats_errors_total") && !line.endsWith(" 1.0")
                            && !line.endsWith(" 0.0")));
        }
    }
}
