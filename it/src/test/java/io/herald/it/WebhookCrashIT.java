package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.base.NatsServer;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.TempDirs;
import io.herald.testkit.base.WebhookReceiver;
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
 * At least once across a crash: the process delivering webhooks is killed with SIGKILL while
 * thousands are queued or being delivered. With the embedded SQLite queue that is the node itself,
 * started again on the same data directory; with Redis or NATS it is a separate `herald sender`,
 * replaced by another one. Every webhook arrives, with duplicates bounded by what was in flight.
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

    private Path config(String queue, boolean nodeSends) throws Exception {
        Path file = dir.resolve("herald-" + nodeSends + ".yaml");
        Files.writeString(file, """
                server: {host: 127.0.0.1, port: 0}
                metrics: {host: 127.0.0.1, port: 0}
                webhooks:
                  %s
                  data-dir: %s
                  batch-max-events: 1
                  debounce: 0
                  sender: {enabled: %s, concurrency: %d, per-endpoint-concurrency: %d, timeout: 2000, lease: 4000, retry-delays: [200]}
                apps:
                  - id: crash
                    key: crash-key
                    secret: crash-secret
                    client-events-per-second: 0
                    webhooks:
                      - url: %s
                        event-types: [client_event]
                """.formatted(queue, dir.resolve("data"), nodeSends, CONCURRENCY, CONCURRENCY, receiver.url("/hooks")));
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
        Path config = config("queue: sqlite", true);
        try (NodeProcess first = NodeProcess.start(config)) {
            publishClientEvents(first);
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveries().size() >= EVENTS / 10);
            first.kill();
        }
        int beforeRestart = deliveries().size();
        try (NodeProcess second = NodeProcess.start(config)) {
            assertEveryEventArrives("sqlite, node killed", beforeRestart);
            assertThat(second.stop()).isZero();
        }
    }

    @Test
    void everyQueuedWebhookArrivesAfterASenderOnRedisIsKilled() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            killSenderMidway("queue: redis\n  redis: {url: '" + redis.url() + "'}", "redis");
        }
    }

    @Test
    void everyQueuedWebhookArrivesAfterASenderOnNatsIsKilled() throws Exception {
        try (NatsServer nats = NatsServer.start()) {
            killSenderMidway("queue: nats\n  nats: {url: '" + nats.url() + "'}", "nats");
        }
    }

    /** A node that only queues, a sender killed mid-way, and a second sender that finishes. */
    private void killSenderMidway(String queue, String name) throws Exception {
        Path nodeConfig = config(queue, false);
        Path senderConfig = config(queue, true);
        try (NodeProcess node = NodeProcess.start(nodeConfig)) {
            publishClientEvents(node);
            try (NodeProcess firstSender = NodeProcess.startSender(senderConfig)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> deliveries().size() >= EVENTS / 10);
                firstSender.kill();
            }
            int beforeRestart = deliveries().size();
            try (NodeProcess secondSender = NodeProcess.startSender(senderConfig)) {
                assertEveryEventArrives(name + ", sender killed", beforeRestart);
                assertThat(secondSender.stop()).isZero();
            }
            assertThat(node.stop()).isZero();
        }
    }

    /** Sends the client events whose webhooks are counted, and waits until all are queued. */
    private void publishClientEvents(NodeProcess node) throws Exception {
        try (RawPusherClient client = RawPusherClient.connect(
                "ws://127.0.0.1:" + node.port() + "/app/crash-key" + RawPusherClient.JS_QUERY, "crash-key", "crash-secret")) {
            client.subscribePrivate("private-crash");
            client.awaitSubscribed("private-crash");
            for (int n = 0; n < EVENTS; n++) {
                client.trigger("private-crash", "client-tick", "{\"n\":" + n + "}");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> enqueued(node) >= EVENTS);
        }
    }

    private void assertEveryEventArrives(String scenario, int beforeRestart) {
        assertThat(beforeRestart).as("the crash must happen while webhooks are still queued").isLessThan(EVENTS);
        await().atMost(Duration.ofSeconds(120)).until(() -> deliveries().size() == EVENTS);
        Map<Integer, Integer> counts = deliveries();
        int duplicates = counts.values().stream().mapToInt(times -> times - 1).sum();
        System.out.printf("webhook crash (%s): %d of %d delivered before SIGKILL; %d duplicates after the restart%n",
                scenario, beforeRestart, EVENTS, duplicates);
        assertThat(counts.keySet()).hasSize(EVENTS);
        assertThat(duplicates).as("duplicates are bounded by the jobs in flight at the crash").isLessThanOrEqualTo(CONCURRENCY);
    }
}
