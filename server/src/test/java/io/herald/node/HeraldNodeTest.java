package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HeraldNodeTest {

    private static HeraldNode startNode(String... overrides) {
        List<String> settings = new ArrayList<>(
                List.of("server.host=127.0.0.1", "server.port=0", "metrics.host=127.0.0.1", "metrics.port=0"));
        settings.addAll(List.of(overrides));
        return HeraldNode.start(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), settings)));
    }

    /** A WebSocket client that records the close code and when it arrived. */
    private static final class ClosingClient implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode;
        volatile long closedAtNanos;

        static ClosingClient connect(HeraldNode node) throws Exception {
            ClosingClient client = new ClosingClient();
            HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), client).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !client.frames.isEmpty());
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.add(data.toString());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAtNanos = System.nanoTime();
            closeCode = statusCode;
            return null;
        }
    }

    @Test
    void drainTurnsNotReadyRefusesNewClientsAndTellsTheOthersToReconnectInGroups() throws Exception {
        HeraldNode node = startNode("server.drain.window=2", "server.drain.batches=4", "server.event-loops=1");
        List<ClosingClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(ClosingClient.connect(node));
        }
        long started = System.nanoTime();
        Thread draining = Thread.ofPlatform().start(node::drain);

        await().atMost(Duration.ofSeconds(1)).until(() -> !node.isReady());
        await().atMost(Duration.ofSeconds(1)).until(() -> node.metrics().scrape().contains("herald_draining 1.0"));
        ClosingClient late = ClosingClient.connect(node);
        await().atMost(Duration.ofSeconds(5)).until(() -> late.closeCode != 0);
        assertThat(late.closeCode).as("refused: connect again after a backoff").isEqualTo(4100);

        draining.join(Duration.ofSeconds(10));
        assertThat(draining.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        assertThat(node.stoppedCleanly()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().allMatch(client -> client.closeCode != 0));
        assertThat(clients).allSatisfy(client -> {
            assertThat(client.closeCode).isEqualTo(4200);
            assertThat(client.frames).anyMatch(frame -> frame.contains("\"code\":4200"));
        });
        // Four groups of two, 0.4 s apart: the first and the last reconnect are over a second apart.
        List<Long> closedAt = clients.stream().map(client -> client.closedAtNanos).sorted().toList();
        assertThat(Duration.ofNanos(closedAt.getLast() - closedAt.getFirst())).isGreaterThan(Duration.ofMillis(1_000));
        assertThat(closedAt.stream().filter(at -> at - closedAt.getFirst() < 300_000_000L).count())
                .as("not everyone at once").isLessThanOrEqualTo(4);
    }

    @Test
    void closeStopsAtOnceTellingEveryClientToReconnect() throws Exception {
        HeraldNode node = startNode("server.drain.window=60");
        List<ClosingClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(ClosingClient.connect(node));
        }
        long started = System.nanoTime();
        node.close();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().allMatch(client -> client.closeCode == 4200));
    }

    @Test
    void deliversAnApiPublishToAPublicSubscriber() throws Exception {
        try (HeraldNode node = startNode()) {
            List<String> frames = new CopyOnWriteArrayList<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty());
            assertThat(frames.get(0)).startsWith("{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":");

            socket.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}", true).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= 2);
            assertThat(frames.get(1)).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\",\"data\":\"{}\"}");

            var app = node.config().apps().get(0);
            node.hub().publish(app, "news", "headline", "{\"x\":1}", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= 3);
            assertThat(frames.get(2)).isEqualTo("{\"event\":\"headline\",\"channel\":\"news\",\"data\":\"{\\\"x\\\":1}\"}");
            assertThat(node.hub().stats(app, "news").toCompletableFuture().join().subscriptionCount()).isEqualTo(1);
            socket.abort();
        }
    }
}
