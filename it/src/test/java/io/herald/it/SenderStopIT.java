package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.config.WebhooksConfig;
import io.herald.redis.RedisWebhookQueue;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.TempDirs;
import io.herald.testkit.base.WebhookReceiver;
import io.herald.webhook.QueueStats;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code herald sender} on SIGTERM: it stops leasing, lets the requests in flight finish (or, on a
 * second SIGTERM, cancels them), returns every job it still holds to the queue and exits 0.
 */
class SenderStopIT {

    private static final int JOBS = 8;

    private final Path dir = TempDirs.create("herald-sender-stop-");
    private final WebhookReceiver receiver = WebhookReceiver.start()
            .on("/slow", WebhookReceiver.Behaviour.delay(Duration.ofSeconds(2), 200))
            .on("/hang", WebhookReceiver.Behaviour.hang());

    @AfterEach
    void cleanUp() {
        receiver.close();
        TempDirs.delete(dir);
    }

    @Test
    void sigtermLetsRequestsInFlightFinishAndLeavesTheOtherJobsQueued() throws Exception {
        try (RedisServer redis = RedisServer.start(); WebhookQueue queue = queue(redis)) {
            enqueue(queue, "/slow");
            try (NodeProcess sender = NodeProcess.startSender(config(redis, "/slow", 10_000))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests("/slow").isEmpty());
                sender.terminate();
                assertExitsZero(sender);
            }
            int delivered = receiver.requests("/slow").size();
            QueueStats stats = queue.stats();
            assertThat(delivered).as("it stopped leasing").isLessThan(JOBS);
            assertThat(stats.inFlight()).as("no job is left waiting for its lease to lapse").isZero();
            assertThat(stats.dead()).isZero();
            assertThat(stats.ready() + stats.delayed()).as("the requests in flight finished; the rest wait")
                    .isEqualTo(JOBS - delivered);
        }
    }

    @Test
    void aSecondSigtermCancelsTheRequestsInFlightAndReturnsTheirJobs() throws Exception {
        try (RedisServer redis = RedisServer.start(); WebhookQueue queue = queue(redis)) {
            enqueue(queue, "/hang");
            try (NodeProcess sender = NodeProcess.startSender(config(redis, "/hang", 30_000))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> !receiver.requests("/hang").isEmpty());
                sender.terminate();
                await().atMost(Duration.ofSeconds(30)).until(() -> readyStatus(sender) != 200);
                long hurriedAt = System.nanoTime();
                sender.terminate();
                assertExitsZero(sender);
                assertThat(Duration.ofNanos(System.nanoTime() - hurriedAt))
                        .as("no wait for the 30 s request timeout").isLessThan(Duration.ofSeconds(20));
            }
            QueueStats stats = queue.stats();
            assertThat(stats.inFlight()).isZero();
            assertThat(stats.dead()).isZero();
            assertThat(stats.ready() + stats.delayed()).as("every job is back in the queue").isEqualTo(JOBS);
        }
    }

    private static void assertExitsZero(NodeProcess sender) throws Exception {
        int code = sender.onExit().get(30, TimeUnit.SECONDS);
        assertThat(code).as("exit code of herald sender, whose output was:%n%s", String.join("\n", sender.output())).isZero();
    }

    private static WebhookQueue queue(RedisServer redis) {
        return new RedisWebhookQueue(new WebhooksConfig.RedisQueue(redis.url(), "herald"));
    }

    private void enqueue(WebhookQueue queue, String path) {
        List<WebhookJob> jobs = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (int i = 0; i < JOBS; i++) {
            jobs.add(new WebhookJob("job-" + i, "stop", receiver.url(path), "{\"time_ms\":" + now + ",\"events\":[]}", now));
        }
        queue.enqueue(jobs);
    }

    private Path config(RedisServer redis, String path, int timeoutMillis) throws Exception {
        return Files.writeString(dir.resolve("sender.yaml"), """
                metrics: {host: 127.0.0.1, port: 0}
                webhooks:
                  queue: redis
                  redis: {url: '%s'}
                  sender: {concurrency: 4, per-endpoint-concurrency: 4, timeout: %d, lease: 60000}
                apps:
                  - id: stop
                    key: stop-key
                    secret: stop-secret
                    webhooks:
                      - url: %s
                """.formatted(redis.url(), timeoutMillis, receiver.url(path)));
    }

    /** The status of /ready, or -1 when the sender no longer answers it (its listener closed). */
    private static int readyStatus(NodeProcess sender) throws Exception {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sender.metricsPort() + "/ready"))
                    .timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notAnswered) {
            return -1;
        }
    }
}
