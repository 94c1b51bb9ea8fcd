package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.app.AppConfig;
import io.herald.auth.Signatures;
import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.InMemoryBus;
import io.herald.cluster.ClusterState;
import io.herald.cluster.InMemoryClusterStore;
import io.herald.cluster.NodeSnapshot;
import io.herald.cluster.ReassertionStoppedException;
import io.herald.config.ClusterConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.node.HeraldNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes in one process sharing the in-memory bus and cluster state: the wiring between a
 * node's channels and users and the cluster, independent of any engine (the engines' own
 * behaviour is covered by their contract suites, and real processes by the integration tests).
 */
class ClusteredNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern SOCKET_ID = Pattern.compile("socket_id\\\\\":\\\\\"([0-9.]+)");

    private final InMemoryBus.Hub hub = new InMemoryBus.Hub();
    private final InMemoryClusterStore store = new InMemoryClusterStore();
    private final List<AutoCloseable> open = new ArrayList<>();

    private final ClusterDrivers drivers = new ClusterDrivers() {
        @Override
        public Bus bus(ClusterConfig config, String nodeId, BusCounters counters) {
            return hub.node(nodeId, counters);
        }

        @Override
        public ClusterState state(ClusterConfig config, String nodeId) {
            return stoppingOnce(store.node(nodeId, Duration.ofMillis(config.lease())));
        }
    };
    /** Node ids whose next re-assertion is to stop part-way: applied in full, then failed. */
    private final Set<String> stopNextReassertion = ConcurrentHashMap.newKeySet();

    /**
     * {@code state}, except that a re-assertion of a node named in {@link #stopNextReassertion}
     * changes the store and then fails, as one of several steps that failed after the others ran.
     */
    private ClusterState stoppingOnce(ClusterState state) {
        return (ClusterState) Proxy.newProxyInstance(ClusterState.class.getClassLoader(), new Class<?>[] {ClusterState.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("reassert") && stopNextReassertion.remove(state.nodeId())) {
                        return state.reassert((NodeSnapshot) args[0]).thenCompose(applied -> CompletableFuture.failedFuture(
                                new ReassertionStoppedException("a later step failed", null, applied.transitions())));
                    }
                    try {
                        return method.invoke(state, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    private HeraldNode node(String id) {
        var config = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "server.host=127.0.0.1", "server.port=0", "metrics.enabled=false", "cluster.enabled=true",
                "cluster.node-id=" + id, "cluster.heartbeat=200", "cluster.lease=1000",
                "apps=[{id: app-id, key: app-key, secret: app-secret, subscription-count: true}]")));
        HeraldNode node = HeraldNode.start(config, drivers);
        open.add(node);
        return node;
    }

    private Client connect(HeraldNode node) throws Exception {
        Client client = new Client();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), client).get();
        await().atMost(WAIT).until(() -> !client.frames.isEmpty());
        Matcher id = SOCKET_ID.matcher(client.frames.get(0));
        assertThat(id.find()).as(client.frames.get(0)).isTrue();
        client.socketId = id.group(1);
        open.add(() -> client.socket.abort());
        return client;
    }

    /** A client of {@code node} that joined presence {@code channel} with {@code channelData}. */
    private Client member(HeraldNode node, String channel, String channelData) throws Exception {
        Client client = connect(node);
        client.subscribePresence(channel, channelData);
        await().atMost(WAIT).until(() -> client.received("subscription_succeeded"));
        return client;
    }

    @Test
    void anEventPublishedThroughOneNodeReachesSubscribersOnTheOtherExceptTheExcludedSocket() throws Exception {
        HeraldNode a = node("a");
        HeraldNode b = node("b");
        Client onA = connect(a);
        Client excluded = connect(a);
        onA.subscribe("news");
        excluded.subscribe("news");
        await().atMost(WAIT).until(() -> onA.received("subscription_succeeded") && excluded.received("subscription_succeeded"));

        AppConfig app = b.config().apps().get(0);
        b.hub().publish(app, "news", "headline", "{\"n\":1}", excluded.socketId);
        await().atMost(WAIT).until(() -> onA.received("headline"));
        // Events of one channel from one publisher arrive in order: once the next one is there, the first is not coming.
        b.hub().publish(app, "news", "round-trip", "{}", null);
        await().atMost(WAIT).until(() -> excluded.received("round-trip"));
        assertThat(excluded.received("headline")).isFalse();
        assertThat(b.hub().stats(app, "news").toCompletableFuture().join().subscriptionCount()).isEqualTo(2);
    }

    @Test
    void presenceMembersOnBothNodesSeeEachOtherAndTheLastLeaveIsAnnouncedEverywhere() throws Exception {
        HeraldNode a = node("a");
        HeraldNode b = node("b");
        Client alice = member(a, "presence-room", "{\"user_id\":\"alice\",\"user_info\":{\"name\":\"A\"}}");
        Client bob = member(b, "presence-room", "{\"user_id\":\"bob\"}");

        assertThat(bob.frameWith("subscription_succeeded")).contains("alice").contains("bob").contains("\\\"count\\\":2");
        await().atMost(WAIT).until(() -> alice.frameWith("member_added") != null);
        assertThat(alice.frameWith("member_added")).contains("bob");
        AppConfig app = a.config().apps().get(0);
        assertThat(a.hub().presenceUserIds(app, "presence-room").toCompletableFuture().join())
                .containsExactlyInAnyOrder("alice", "bob");

        bob.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        await().atMost(WAIT).until(() -> alice.frameWith("member_removed") != null);
        assertThat(alice.frameWith("member_removed")).contains("bob");
        await().atMost(WAIT).untilAsserted(() -> assertThat(
                a.hub().presenceUserIds(app, "presence-room").toCompletableFuture().join()).containsExactly("alice"));
    }

    @Test
    void clientEventsCrossNodesButNeverReturnToTheirSender() throws Exception {
        HeraldNode a = node("a");
        HeraldNode b = node("b");
        Client sender = connect(a);
        Client receiver = connect(b);
        sender.subscribePrivate("private-chat");
        receiver.subscribePrivate("private-chat");
        await().atMost(WAIT).until(() -> sender.received("subscription_succeeded") && receiver.received("subscription_succeeded"));

        sender.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"s\"}}");
        await().atMost(WAIT).until(() -> receiver.received("client-typing"));
        // The sender's own node relayed the event before the publish below; the publish arriving proves it is done.
        a.hub().publish(a.config().apps().get(0), "private-chat", "round-trip", "{}", null);
        await().atMost(WAIT).until(() -> sender.received("round-trip"));
        assertThat(sender.received("client-typing")).isFalse();
    }

    @Test
    void aNodeThatLeavesTakesItsMembersAndSubscriptionsOutOfTheCluster() throws Exception {
        HeraldNode a = node("a");
        HeraldNode b = node("b");
        Client stays = member(a, "presence-lobby", "{\"user_id\":\"1\"}");
        member(b, "presence-lobby", "{\"user_id\":\"2\"}");
        await().atMost(WAIT).until(() -> stays.frameWith("member_added") != null);

        b.close();

        await().atMost(WAIT).until(() -> stays.frameWith("member_removed") != null);
        AppConfig app = a.config().apps().get(0);
        assertThat(a.hub().stats(app, "presence-lobby").toCompletableFuture().join())
                .isEqualTo(new io.herald.channel.ChannelHub.ChannelStats(1, 1));
    }

    @Test
    void whatAReassertionThatStoppedPartWayChangedIsStillAnnounced() throws Exception {
        HeraldNode a = node("a");
        HeraldNode b = node("b");
        member(a, "presence-room", "{\"user_id\":\"alice\"}");
        Client bob = member(b, "presence-room", "{\"user_id\":\"bob\"}");
        a.hub().publish(a.config().apps().get(0), "presence-room", "round-trip", "{}", null);
        await().atMost(WAIT).until(() -> bob.received("round-trip"));
        assertThat(bob.framesWith("member_added", "alice")).as("alice joined before bob").isZero();

        stopNextReassertion.add("a");
        // Node a's part disappears unannounced, as when another node cleaned it up after a stall.
        store.node("a", Duration.ofMinutes(1)).cleanUp("a", 1_000).toCompletableFuture().join();

        // Node a's re-assertion adds alice back, then fails; the next one finds her in place.
        await().atMost(WAIT).until(() -> bob.framesWith("member_added", "alice") == 1);
        AppConfig app = b.config().apps().get(0);
        await().atMost(WAIT).untilAsserted(() -> assertThat(b.hub().presenceUserIds(app, "presence-room").toCompletableFuture().join())
                .as("node a re-asserted").containsExactlyInAnyOrder("alice", "bob"));
        assertThat(bob.framesWith("member_added", "alice")).isEqualTo(1);
    }

    /** A WebSocket client recording every frame it receives. */
    private static final class Client implements WebSocket.Listener {
        final List<String> frames = new CopyOnWriteArrayList<>();
        WebSocket socket;
        String socketId;
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        void send(String json) {
            socket.sendText(json, true).join();
        }

        long framesWith(String event, String text) {
            return frames.stream().filter(frame -> frame.contains(event) && frame.contains(text)).count();
        }

        void subscribe(String channel) {
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        }

        void subscribePrivate(String channel) {
            String auth = "app-key:" + Signatures.hmacSha256Hex("app-secret", socketId + ":" + channel);
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth + "\"}}");
        }

        void subscribePresence(String channel, String channelData) {
            String auth = "app-key:" + Signatures.hmacSha256Hex("app-secret", socketId + ":" + channel + ":" + channelData);
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"" + auth
                    + "\",\"channel_data\":" + quote(channelData) + "}}");
        }

        boolean received(String event) {
            return frameWith(event) != null;
        }

        String frameWith(String event) {
            return frames.stream().filter(frame -> frame.contains(event)).findFirst().orElse(null);
        }

        private static String quote(String json) {
            return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
    }
}
