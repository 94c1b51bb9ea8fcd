package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.link.ClusterDrivers;
import io.micrometer.core.instrument.Counter;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeraldNodeTest {

    private static HeraldNode startNode(String... overrides) {
        return startNode(ShutdownClock.SYSTEM, overrides);
    }

    private static HeraldNode startNode(ShutdownClock clock, String... overrides) {
        List<String> settings = new ArrayList<>(
                List.of("server.host=127.0.0.1", "server.port=0", "metrics.host=127.0.0.1", "metrics.port=0"));
        settings.addAll(List.of(overrides));
        return HeraldNode.start(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), settings)),
                ClusterDrivers.ALONE, clock);
    }

    /**
     * A shutdown clock that moves only when the shutdown waits, by exactly the time it waits, and
     * notes how many clients had been told to reconnect at each moment. Its first wait holds until
     * {@link #release} (the drain has then told its first group), so a test can act mid-drain.
     */
    private static final class SteppingClock implements ShutdownClock {
        private final AtomicLong now = new AtomicLong();
        private final CountDownLatch released = new CountDownLatch(1);
        /** Each change of the number of clients told: when, and how many in all. */
        final List<long[]> told = new CopyOnWriteArrayList<>();
        volatile HeraldNode node;

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public boolean await(CountDownLatch hurried, long nanos) throws InterruptedException {
            released.await();
            noteTold();
            if (hurried.getCount() == 0) {
                return true;
            }
            now.addAndGet(nanos);
            return hurried.getCount() == 0;
        }

        void release() {
            released.countDown();
        }

        void noteTold() {
            long count = (long) node.metrics().registry().find("herald_drain_reconnects").counters().stream()
                    .mapToDouble(Counter::count).sum();
            if (told.isEmpty() ? count > 0 : told.getLast()[1] != count) {
                told.add(new long[] {now.get(), count});
            }
        }

        /** When the {@code n}th client (from 1) was told, in nanoseconds since the shutdown began. */
        long whenTold(int n) {
            return told.stream().filter(entry -> entry[1] >= n).findFirst().orElseThrow()[0];
        }
    }

    /** A WebSocket client that records the close code and when it arrived. */
    private static final class ClosingClient implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        volatile int closeCode;

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
            closeCode = statusCode;
            return null;
        }
    }

    @Test
    void drainTurnsNotReadyRefusesNewClientsAndTellsTheOthersToReconnectInGroups() throws Exception {
        SteppingClock clock = new SteppingClock();
        HeraldNode node = startNode(clock, "server.drain.window=2", "server.drain.batches=4", "server.event-loops=1");
        clock.node = node;
        List<ClosingClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(ClosingClient.connect(node));
        }
        Thread draining = Thread.ofPlatform().start(node::drain);

        await().atMost(Duration.ofSeconds(1)).until(() -> !node.isReady());
        await().atMost(Duration.ofSeconds(1)).until(() -> node.metrics().scrape().contains("herald_draining 1.0"));
        ClosingClient late = ClosingClient.connect(node);
        await().atMost(Duration.ofSeconds(5)).until(() -> late.closeCode != 0);
        assertThat(late.closeCode).as("refused: connect again after a backoff").isEqualTo(4100);
        clock.release();

        draining.join(Duration.ofSeconds(10));
        assertThat(draining.isAlive()).isFalse();
        clock.noteTold();
        assertThat(Duration.ofNanos(clock.nanoTime())).as("the drain's own schedule").isLessThan(Duration.ofSeconds(3));
        assertThat(node.stoppedCleanly()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().allMatch(client -> client.closeCode != 0));
        assertThat(clients).allSatisfy(client -> {
            assertThat(client.closeCode).isEqualTo(4200);
            assertThat(client.frames).anyMatch(frame -> frame.contains("\"code\":4200"));
        });
        // Four groups of two, 0.4 s apart: the first and the last reconnect are over a second apart.
        assertThat(Duration.ofNanos(clock.whenTold(8) - clock.whenTold(1))).isGreaterThan(Duration.ofMillis(1_000));
        assertThat(clock.told.stream().filter(entry -> entry[0] - clock.whenTold(1) < 300_000_000L)
                .mapToLong(entry -> entry[1]).max().orElseThrow())
                .as("not everyone at once").isLessThanOrEqualTo(4);
    }

    @Test
    void aDrainRateSpreadsTheGroupsOverTheTimeItTakesForTheClientsHeldNotTheWholeWindow() throws Exception {
        SteppingClock clock = new SteppingClock();
        HeraldNode node = startNode(clock, "server.drain.window=60", "server.drain.batches=4", "server.drain.rate=8",
                "server.event-loops=1");
        clock.node = node;
        List<ClosingClient> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(ClosingClient.connect(node));
        }
        Thread draining = Thread.ofPlatform().start(node::drain);
        clock.release();

        draining.join(Duration.ofSeconds(10));
        assertThat(draining.isAlive()).isFalse();
        clock.noteTold();
        // 8 clients at 8 a second: four groups of two, 1/3 s apart, told within a second, not 60.
        assertThat(Duration.ofNanos(clock.nanoTime())).as("the drain's own schedule").isLessThan(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(clock.whenTold(8) - clock.whenTold(1))).isBetween(Duration.ofMillis(900), Duration.ofMillis(1_100));
        await().atMost(Duration.ofSeconds(5)).until(() -> clients.stream().allMatch(client -> client.closeCode == 4200));
    }

    @Test
    void closeStopsAtOnceTellingEveryClientToReconnect() throws Exception {
        SteppingClock clock = new SteppingClock();
        HeraldNode node = startNode(clock, "server.drain.window=60");
        clock.node = node;
        clock.release();
        List<ClosingClient> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(ClosingClient.connect(node));
        }
        node.close();
        assertThat(Duration.ofNanos(clock.nanoTime())).as("time the shutdown waited").isZero();
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
