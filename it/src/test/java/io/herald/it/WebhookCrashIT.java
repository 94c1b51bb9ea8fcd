package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.NodeProcess;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TempDirs;
import io.herald.testkit.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * At least once across a crash: a node is killed with SIGKILL while thousands of webhooks are
 * queued or being delivered; the node started again on the same data directory delivers every
 * one of them, with duplicates bounded by what was in flight.
 */
class WebhookCrashIT {

    private static final int EVENTS = 2_000;
    private static final int CONCURRENCY = 4;
    private static final Pattern ENQUEUED = Pattern.compile("^herald_webhook_jobs_enqueued_total(?:\\{[^}]*\\})? ([0-9.eE+]+)$", Pattern.MULTILINE);

    private final Path dir = TempDirs.create("herald-crash-");
    private final WebhookReceiver receiver = WebhookReceiver.start()
            .on("/hooks", WebhookReceiver.Behaviour.delay(Duration.ofMillis(10), 200));

    @AfterEach
    void cleanUp() {
        receiver.close();
        TempDirs.delete(dir);
    }

    private Path config() throws Exception {
        Path file = dir.resolve("herald.yaml");
        Files.writeString(file, """
                server: {host: 127.0.0.1, port: 0}
                metrics: {host: 127.0.0.1, port: 0}
                webhooks:
                  queue: sqlite
                  data-dir: %s
                  batch-max-events: 1
                  debounce: 0
                  sender: {concurrency: %d, per-endpoint-concurrency: %d, timeout: 2000, lease: 4000, retry-delays: [200]}
                apps:
                  - id: crash
                    key: crash-key
                    secret: crash-secret
                    client-events-per-second: 0
                    webhooks:
                      - url: %s
                        event-types: [client_event]
                """.formatted(dir.resolve("data"), CONCURRENCY, CONCURRENCY, receiver.url("/hooks")));
        return file;
    }

    /** The n of every client_event delivered, with how many times each arrived. */
    private Map<Integer, Integer> deliveries() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (WebhookReceiver.Recorded request : receiver.requests("/hooks")) {
            PusherFrame.parseJson(request.bodyText()).path("events").forEach(event ->
                    counts.merge(PusherFrame.parseJson(event.path("data").asText()).path("n").asInt(), 1, Integer::sum));
        }
        return counts;
    }

    private static double enqueued(NodeProcess node) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ENQUEUED.matcher(metrics.body());
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }

    @Test
    void everyQueuedWebhookArrivesAfterTheNodeIsKilled() throws Exception {
        Path config = config();
        try (NodeProcess first = NodeProcess.start(config)) {
            try (RawPusherClient client = RawPusherClient.connect(
                    "ws://127.0.0.1:" + first.port() + "/app/crash-key" + RawPusherClient.JS_QUERY, "crash-key", "crash-secret")) {
                client.subscribePrivate("private-crash");
                client.awaitSubscribed("private-crash");
                for (int n = 0; n < EVENTS; n++) {
                    client.trigger("private-crash", "client-tick", "{\"n\":" + n + "}");
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> enqueued(first) >= EVENTS);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries().size() >= EVENTS / 10);
            first.kill();
        }
        int beforeRestart = deliveries().size();
        assertThat(beforeRestart).as("the crash must happen while webhooks are still queued").isLessThan(EVENTS);

        try (NodeProcess second = NodeProcess.start(config)) {
            await().atMost(Duration.ofSeconds(120)).until(() -> deliveries().size() == EVENTS);
            Map<Integer, Integer> counts = deliveries();
            int duplicates = counts.values().stream().mapToInt(times -> times - 1).sum();
            System.out.printf("webhook crash: %d of %d delivered before SIGKILL; %d duplicates after the restart%n",
                    beforeRestart, EVENTS, duplicates);
            assertThat(counts.keySet()).hasSize(EVENTS);
            assertThat(duplicates).as("duplicates are bounded by the jobs in flight at the crash").isLessThanOrEqualTo(CONCURRENCY);
            assertThat(second.stop()).isZero();
        }
    }
}
