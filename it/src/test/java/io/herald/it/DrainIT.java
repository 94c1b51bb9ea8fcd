package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.base.TempDirs;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM drains a real node process: it turns not ready at once, refuses new WebSocket
 * connections, tells its clients to reconnect (4200) in groups spread over the drain window,
 * has every webhook it decided in the durable queue and exits 0 within the window;
 * a second SIGTERM ends the drain at once.
 */
class DrainIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String KEY = "drain-key";
    private static final String SECRET = "drain-secret";
    private static final long DEBOUNCE_MILLIS = 600_000;

    private final Path dir = TempDirs.create("herald-drain-");
    private final List<RawPusherClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(RawPusherClient::close);
        TempDirs.delete(dir);
    }

    /**
     * A node whose channel_vacated webhooks are due far later than the test ends (the debounce)
     * and are never sent (no sender), so after the exit the queue shows what was written.
     */
    private Path config(int window, int batches) throws Exception {
        return Files.writeString(dir.resolve("herald.yaml"), """
                server: {host: 127.0.0.1, port: 0, drain: {window: %d, batches: %d}}
                metrics: {host: 127.0.0.1, port: 0}
                webhooks:
                  data-dir: %s
                  debounce: %d
                  sender: {enabled: false}
                apps:
                  - id: drain
                    key: %s
                    secret: %s
                    webhooks:
                      - url: http://127.0.0.1:9/never-called
                        event-types: [channel_vacated]
                """.formatted(window, batches, dir.resolve("data"), DEBOUNCE_MILLIS, KEY, SECRET));
    }

    @Test
    void sigtermDrainsClientsInGroupsOverTheWindowAndExitsZeroWithinIt() throws Exception {
        int window = 4;
        int count = 200;
        try (NodeProcess node = NodeProcess.start(config(window, 10))) {
            connectSubscribedClients(node, count);
            AtomicLong exitedAt = new AtomicLong();
            var exit = node.onExit().whenComplete((code, error) -> exitedAt.set(System.nanoTime()));
            long signalledAt = System.nanoTime();
            node.terminate();

            await("/ready turns 503").atMost(Duration.ofSeconds(2)).until(() -> status(node.metricsPort(), "/ready") == 503);
            assertThat(status(node.port(), "/ready")).isEqualTo(503);
            assertThat(status(node.port(), "/health")).as("liveness stays up while draining").isEqualTo(200);
            assertThat(metric(node, "herald_draining")).isEqualTo(1.0);
            try (RawPusherClient late = connect(node)) {
                assertThat(late.awaitClose().code()).as("a new connection is refused, retry after a backoff").isEqualTo(4100);
            }
            assertPublishesStillReachTheClientsNotYetToldToLeave(node);

            assertThat(exit.get(window + 10, TimeUnit.SECONDS)).isZero();
            List<Long> closedAt = clients.stream().map(RawPusherClient::closedAtNanos).sorted().toList();
            for (RawPusherClient client : clients) {
                assertThat(client.isClosed()).isTrue();
                assertThat(client.awaitClose().code()).isEqualTo(4200);
                assertThat(client.framesMatching(frame -> frame.is("pusher:error"))).singleElement()
                        .extracting(PusherFrame::errorCode).isEqualTo(4200);
            }
            Duration spread = Duration.ofNanos(closedAt.getLast() - closedAt.getFirst());
            long inFirstSecond = closedAt.stream().filter(at -> at - closedAt.getFirst() < 1_000_000_000L).count();
            Duration untilExit = Duration.ofNanos(exitedAt.get() - signalledAt);
            System.out.printf("drain of %d clients, window %d s: 4200s spread over %d ms, %d in the first second, exit after %d ms%n",
                    count, window, spread.toMillis(), inFirstSecond, untilExit.toMillis());
            assertThat(spread).as("the reconnects are spread over the window").isGreaterThan(Duration.ofSeconds(2));
            assertThat(inFirstSecond).as("not everyone at once").isLessThan(count / 2);
            assertThat(closedAt.getLast()).as("every client was told before the exit").isLessThan(exitedAt.get());
            assertThat(untilExit).as("exit within the window, give or take the JVM's own exit")
                    .isLessThan(Duration.ofSeconds(window + 2));
        }
        assertThat(queuedVacatedChannels()).as("every debounced channel_vacated was handed to the durable queue")
                .isEqualTo(channels(count));
    }

    @Test
    void aSecondSigtermEndsTheDrainAtOnceAndStillQueuesTheWebhooks() throws Exception {
        int count = 50;
        try (NodeProcess node = NodeProcess.start(config(60, 10))) {
            connectSubscribedClients(node, count);
            node.terminate();
            await("the first group is told").atMost(Duration.ofSeconds(5))
                    .until(() -> clients.stream().anyMatch(RawPusherClient::isClosed));
            assertThat(clients.stream().filter(RawPusherClient::isClosed).count()).as("a 60 s drain is still going on")
                    .isLessThan(count);

            long hurriedAt = System.nanoTime();
            node.terminate();
            assertThat(node.onExit().get(20, TimeUnit.SECONDS)).isZero();
            Duration untilExit = Duration.ofNanos(System.nanoTime() - hurriedAt);
            System.out.printf("second SIGTERM: exit after %d ms%n", untilExit.toMillis());
            assertThat(untilExit).isLessThan(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().allMatch(RawPusherClient::isClosed));
            assertThat(clients).allSatisfy(client -> assertThat(client.awaitClose().code()).isEqualTo(4200));
        }
        assertThat(queuedVacatedChannels()).isEqualTo(channels(count));
    }

    @Test
    void aNodeWhoseClientsAllLeaveExitsLongBeforeTheWindowEnds() throws Exception {
        try (NodeProcess node = NodeProcess.start(config(60, 10))) {
            connectSubscribedClients(node, 20);
            long signalledAt = System.nanoTime();
            node.terminate();
            await().atMost(Duration.ofSeconds(2)).until(() -> status(node.metricsPort(), "/ready") == 503);
            clients.forEach(RawPusherClient::close);
            assertThat(node.onExit().get(20, TimeUnit.SECONDS)).isZero();
            assertThat(Duration.ofNanos(System.nanoTime() - signalledAt)).isLessThan(Duration.ofSeconds(10));
        }
        assertThat(queuedVacatedChannels()).isEqualTo(channels(20));
    }

    /** The HTTP API keeps serving while the node drains, and its publishes reach the clients still there. */
    private void assertPublishesStillReachTheClientsNotYetToldToLeave(NodeProcess node) throws Exception {
        try (Pusher api = new Pusher("drain", KEY, SECRET)) {
            api.setHost("127.0.0.1:" + node.port());
            api.setEncrypted(false);
            List<String> channels = IntStream.range(0, 100).mapToObj(i -> "drain-" + i).toList();
            Result result = api.trigger(channels, "still-here", Map.of("n", 1));
            assertThat(result.getHttpStatus()).as(result.getMessage()).isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().anyMatch(client ->
                !client.framesMatching(frame -> frame.is("still-here")).isEmpty()));
    }

    private RawPusherClient connect(NodeProcess node) {
        return RawPusherClient.connect("ws://127.0.0.1:" + node.port() + "/app/" + KEY + RawPusherClient.JS_QUERY, KEY, SECRET);
    }

    /** Connects {@code count} clients, each subscribed to its own channel, several at a time. */
    private void connectSubscribedClients(NodeProcess node, int count) throws Exception {
        ExecutorService connecting = Executors.newFixedThreadPool(4);
        try {
            List<Future<RawPusherClient>> connected = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String channel = "drain-" + i;
                connected.add(connecting.submit(() -> {
                    RawPusherClient client = connect(node);
                    client.subscribe(channel);
                    client.awaitSubscribed(channel);
                    return client;
                }));
            }
            for (Future<RawPusherClient> client : connected) {
                clients.add(client.get());
            }
        } finally {
            connecting.shutdownNow();
        }
    }

    private static Set<String> channels(int count) {
        Set<String> channels = new HashSet<>();
        for (int i = 0; i < count; i++) {
            channels.add("drain-" + i);
        }
        return channels;
    }

    /** The channels of every channel_vacated event in the node's SQLite queue, read after it exited. */
    private Set<String> queuedVacatedChannels() {
        // Read as the queue will be once the debounced jobs are due.
        try (WebhookQueue queue = new SqliteWebhookQueue(dir.resolve("data"), () -> System.currentTimeMillis() + 2 * DEBOUNCE_MILLIS)) {
            List<LeasedJob> jobs = queue.lease(WebhookQueue.Lane.FIRST, 100_000, Duration.ofMinutes(1));
            Set<String> channels = new HashSet<>();
            for (LeasedJob job : jobs) {
                for (JsonNode event : PusherFrame.parseJson(job.job().body()).path("events")) {
                    if (event.path("name").asText().equals("channel_vacated")) {
                        channels.add(event.path("channel").asText());
                    }
                }
            }
            return channels;
        }
    }

    private static int status(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static double metric(NodeProcess node, String name) throws Exception {
        String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .collect(Collectors.summingDouble(Double::doubleValue));
    }
}
