package io.herald.sender;

import io.herald.webhook.WebhookQueue;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@link WebhookQueue#stats()} every few seconds into the queue-depth gauges, so a scrape
 * never waits on the queue (counting jobs can be a scan) and a busy scraper adds no queue load.
 */
public final class QueueStatsPoller implements AutoCloseable {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(QueueStatsPoller.class);

    private final WebhookQueue queue;
    private final SenderMetrics metrics;
    private final ScheduledExecutorService timer;
    private boolean warned;

    private QueueStatsPoller(WebhookQueue queue, SenderMetrics metrics) {
        this.queue = queue;
        this.metrics = metrics;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-webhook-queue-stats");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Polls now and then every {@code interval} until closed. */
    public static QueueStatsPoller start(WebhookQueue queue, SenderMetrics metrics, Duration interval) {
        QueueStatsPoller poller = new QueueStatsPoller(queue, metrics);
        poller.timer.scheduleWithFixedDelay(poller::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return poller;
    }

    private void poll() {
        try {
            metrics.queueStats(queue.stats());
            warned = false;
        } catch (RuntimeException e) {
            metrics.queueStatsFailed();
            if (!warned) {
                LOG.warn("Could not read the webhook queue's statistics: {}", e.getMessage());
                warned = true;
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
