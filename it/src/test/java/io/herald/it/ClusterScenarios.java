package io.herald.it;

import static io.herald.it.GatewayAssertions.assertClosedWithError;
import static io.herald.it.GatewayAssertions.assertStillOpen;
import static io.herald.it.ClusterChecks.assertJson;
import static io.herald.it.ClusterChecks.ids;
import static io.herald.it.ClusterChecks.joinPresence;
import static io.herald.it.ClusterChecks.joinPrivate;
import static io.herald.it.ClusterChecks.joinPublic;
import static io.herald.it.ClusterChecks.presenceClient;
import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.SubscriptionEventListener;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionState;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a client sees on one node of a cluster when the others act: three nodes in their own
 * processes, started once for the class, each test on channels and users of its own. Subclasses
 * choose the bus; the state is always in Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterScenarios {

    /** Long enough for a node to learn the others' connection counts: a few heartbeats. */
    private static final Duration COUNTS_SETTLE = HeraldCluster.LEASE.plus(Duration.ofSeconds(5));

    private HeraldCluster cluster;

    abstract HeraldCluster.BusEngine bus();

    @BeforeAll
    void startCluster() {
        cluster = HeraldCluster.start(getClass().getSimpleName(), bus(), 3);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ClusterNode node(int index) {
        return cluster.node(index);
    }

    @Test
    void deliversAnApiEventFromOneNodeToSubscribersOnEveryNode() {
        String channel = unique("news");
        try (JavaClient onA = node(0).connectJava(options -> {});
                JavaClient onB = node(1).connectJava(options -> {});
                JavaClient onC = node(2).connectJava(options -> {})) {
            List<ChannelRecorder> recorders = Stream.of(onA, onB, onC).map(client -> client.subscribe(channel)).toList();
            recorders.forEach(ChannelRecorder::awaitSubscribed);

            node(1).api().trigger(channel, "headline", Map.of("n", 1));
            node(1).api().trigger(channel, "marker", Map.of());

            for (ChannelRecorder recorder : recorders) {
                assertThat(recorder.awaitEvent("headline").getData()).isEqualTo("{\"n\":1}");
                recorder.awaitEvent("marker");
                assertThat(recorder.events("headline")).as("delivered once").hasSize(1);
            }
        }
    }

    @Test
    void listsPresenceMembersOfEveryNodeAndAnnouncesJoinsAndLeavesAcrossNodes() {
        String room = unique("presence-room");
        try (JavaClient ann = presenceClient(node(0), "ann", Map.of("name", "Ann"));
                JavaClient bob = presenceClient(node(1), "bob", null)) {
            ChannelRecorder annRoom = ann.subscribePresence(room);
            assertThat(annRoom.awaitRoster()).extracting(User::getId).containsExactly("ann");
            ChannelRecorder bobRoom = bob.subscribePresence(room);
            assertThat(bobRoom.awaitRoster()).extracting(User::getId).containsExactlyInAnyOrder("ann", "bob");
            assertThat(bobRoom.awaitRoster()).filteredOn(user -> user.getId().equals("ann"))
                    .extracting(User::getInfo).containsExactly("{\"name\":\"Ann\"}");

            try (JavaClient carol = presenceClient(node(2), "carol", Map.of("name", "Carol"))) {
                ChannelRecorder carolRoom = carol.subscribePresence(room);
                assertThat(carolRoom.awaitRoster()).as("subscription_succeeded on C lists the members on A and B")
                        .extracting(User::getId).containsExactlyInAnyOrder("ann", "bob", "carol");
                await().atMost(RawPusherClient.TIMEOUT).until(() -> ids(annRoom.added()).equals(List.of("bob", "carol")));
                await().atMost(RawPusherClient.TIMEOUT).until(() -> ids(bobRoom.added()).equals(List.of("carol")));
                assertThat(annRoom.added().get(1).getInfo()).isEqualTo("{\"name\":\"Carol\"}");
            }
            await().atMost(RawPusherClient.TIMEOUT).until(() -> ids(annRoom.removed()).equals(List.of("carol")));
            await().atMost(RawPusherClient.TIMEOUT).until(() -> ids(bobRoom.removed()).equals(List.of("carol")));
        }
    }

    @Test
    void relaysClientEventsToOtherNodesButNeverBackToTheSender() {
        String channel = unique("private-chat");
        try (RawPusherClient onA = node(0).connect(); RawPusherClient onB = node(1).connect(); RawPusherClient onC = node(2).connect()) {
            joinPrivate(channel, onA, onB, onC);

            onA.trigger(channel, "client-typing", "{\"who\":\"a\"}");

            for (RawPusherClient receiver : List.of(onB, onC)) {
                PusherFrame event = receiver.awaitEvent("client-typing", channel);
                assertThat(event.json()).isEqualTo(PusherFrame.parseJson(
                        "{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{\"who\":\"a\"}}"));
            }
            node(1).api().trigger(channel, "marker", Map.of());
            onA.awaitEvent("marker", channel);
            assertThat(onA.framesMatching(frame -> frame.is("client-typing"))).as("never echoed to the sender").isEmpty();

            onC.trigger(channel, "client-typing", "{\"who\":\"c\"}");
            onA.awaitEvent("client-typing", channel);
            onB.awaitFrames(frame -> frame.is("client-typing"), 2);
        }
    }

    @Test
    void leavesOutTheExcludedSocketWhicheverNodeItIsOn() {
        String channel = unique("room");
        try (RawPusherClient onA = node(0).connect(); RawPusherClient onB = node(1).connect(); RawPusherClient onC = node(2).connect()) {
            joinPublic(channel, onA, onB, onC);

            node(2).api().trigger(channel, "said", Map.of("n", 1), onA.socketId());
            node(2).api().trigger(channel, "marker", Map.of());

            onB.awaitEvent("said", channel);
            onC.awaitEvent("said", channel);
            onA.awaitEvent("marker", channel);
            assertThat(onA.framesMatching(frame -> frame.is("said"))).as("the excluded socket on another node").isEmpty();

            node(0).api().trigger(channel, "said-again", Map.of("n", 2), onC.socketId());
            node(0).api().trigger(channel, "marker-again", Map.of());
            onA.awaitEvent("said-again", channel);
            onB.awaitEvent("said-again", channel);
            onC.awaitEvent("marker-again", channel);
            assertThat(onC.framesMatching(frame -> frame.is("said-again"))).as("the excluded socket on a third node").isEmpty();
        }
    }

    @Test
    void deliversEventsSentToAUserToTheirConnectionsOnEveryNode() {
        String annId = unique("ann");
        String bobId = unique("bob");
        List<PusherEvent> toAnnOnC = new CopyOnWriteArrayList<>();
        try (RawPusherClient annOnA = node(0).signedIn(userData(annId));
                JavaClient annOnC = signedInJava(node(2), annId);
                RawPusherClient bobOnB = node(1).signedIn(userData(bobId))) {
            annOnC.pusher().user().bind("greeting", toAnnOnC::add);
            awaitReachableFrom(node(1), annId, annOnA, annOnC);

            node(1).api().sendToUser(annId, "greeting", "{\"hi\":true}");

            assertThat(annOnA.awaitEvent("greeting", "#server-to-user-" + annId).data().textValue()).isEqualTo("{\"hi\":true}");
            await().atMost(RawPusherClient.TIMEOUT).until(() -> toAnnOnC.size() == 1);
            assertThat(toAnnOnC.getFirst().getData()).isEqualTo("{\"hi\":true}");
            node(1).api().sendToUser(bobId, "marker", "{}");
            bobOnB.awaitEvent("marker");
            assertThat(bobOnB.framesMatching(frame -> frame.is("greeting"))).as("only Ann's connections").isEmpty();
        }
    }

    @Test
    void terminatesAUsersConnectionsOnEveryNodeAndNoOneElses() {
        String annId = unique("ann");
        String bobId = unique("bob");
        try (RawPusherClient annOnA = node(0).signedIn(userData(annId));
                JavaClient annOnC = signedInJava(node(2), annId);
                RawPusherClient bobOnB = node(1).signedIn(userData(bobId))) {
            awaitReachableFrom(node(1), annId, annOnA, annOnC);

            node(1).api().terminateUserConnections(annId);

            assertClosedWithError(annOnA, 4009);
            annOnC.awaitState(ConnectionState.DISCONNECTED);
            assertThat(annOnC.errors()).extracting(JavaClient.Error::code).contains("4009");
            assertStillOpen(bobOnB);
            node(0).api().sendToUser(bobId, "still-here", "{}");
            bobOnB.awaitEvent("still-here");
        }
    }

    /**
     * Waits until events for the user published on {@code from} reach both connections: a node
     * subscribes to a user's bus topic when the user signs in there, and the bus documents that a
     * subscription takes a moment to reach its server, so the sign-in's answer alone does not prove it.
     */
    private static void awaitReachableFrom(ClusterNode from, String userId, RawPusherClient raw, JavaClient java) {
        List<PusherEvent> probesOnJava = new CopyOnWriteArrayList<>();
        SubscriptionEventListener probeListener = probesOnJava::add;
        java.pusher().user().bind("reachability-probe", probeListener);
        await().atMost(RawPusherClient.TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            from.api().sendToUser(userId, "reachability-probe", "{}");
            return !raw.framesMatching(frame -> frame.is("reachability-probe")).isEmpty() && !probesOnJava.isEmpty();
        });
        java.pusher().user().unbind("reachability-probe", probeListener);
    }

    @Test
    void replaysACacheChannelsLastEventPublishedOnAnotherNode() {
        String channel = unique("cache-scores");
        node(0).api().trigger(channel, "score", Map.of("n", 1));

        assertThat(firstFrameAfterSubscribing(node(2), channel).json()).as("published on A with no subscriber anywhere")
                .isEqualTo(PusherFrame.parseJson("{\"event\":\"score\",\"channel\":\"" + channel + "\",\"data\":\"{\\\"n\\\":1}\"}"));

        try (RawPusherClient onB = node(1).connect()) {
            onB.subscribe(channel);
            onB.awaitSubscribed(channel);
            node(0).api().trigger(channel, "score", Map.of("n", 2));
            onB.awaitFrame(frame -> frame.is("score", channel) && frame.dataJson().path("n").asInt() == 2);
        }
        assertThat(firstFrameAfterSubscribing(node(2), channel).dataJson().path("n").asInt()).isEqualTo(2);
    }

    @Test
    void answersChannelAndUserQueriesWithTheCountsOfEveryNode() {
        String prefix = unique("counted");
        String channel = prefix + "-news";
        String room = "presence-" + prefix;
        try (RawPusherClient newsOnA = node(0).connect();
                RawPusherClient newsOnB = node(1).connect();
                RawPusherClient moreNewsOnB = node(1).connect();
                RawPusherClient annOnA = node(0).connect();
                RawPusherClient bobOnB = node(1).connect();
                RawPusherClient annOnC = node(2).connect()) {
            joinPublic(channel, newsOnA, newsOnB, moreNewsOnB);
            joinPresence(room, "{\"user_id\":\"ann\"}", annOnA, annOnC);
            joinPresence(room, "{\"user_id\":\"bob\"}", bobOnB);

            for (ClusterNode node : cluster.nodes()) {
                await("the counts of every node, asked on " + node).atMost(RawPusherClient.TIMEOUT).untilAsserted(() -> {
                    assertJson(node.api().get("/channels/" + channel, Map.of("info", "subscription_count")),
                            "{\"occupied\":true,\"subscription_count\":3}");
                    assertJson(node.api().get("/channels/" + room, Map.of("info", "user_count,subscription_count")),
                            "{\"occupied\":true,\"user_count\":2,\"subscription_count\":3}");
                    assertJson(node.api().get("/channels", Map.of("filter_by_prefix", prefix, "info", "subscription_count")),
                            "{\"channels\":{\"" + channel + "\":{\"subscription_count\":3}}}");
                    assertJson(node.api().get("/channels", Map.of("filter_by_prefix", room, "info", "user_count")),
                            "{\"channels\":{\"" + room + "\":{\"user_count\":2}}}");
                    assertThat(userIds(node.api().get("/channels/" + room + "/users", Map.of()))).containsExactlyInAnyOrder("ann", "bob");
                });
            }
        }
        for (ClusterNode node : cluster.nodes()) {
            await("every count back to zero, asked on " + node).atMost(RawPusherClient.TIMEOUT).untilAsserted(() -> {
                assertJson(node.api().get("/channels/" + channel, Map.of("info", "subscription_count")),
                        "{\"occupied\":false,\"subscription_count\":0}");
                assertJson(node.api().get("/channels", Map.of("filter_by_prefix", prefix)), "{\"channels\":{}}");
                assertThat(userIds(node.api().get("/channels/" + room + "/users", Map.of()))).isEmpty();
            });
        }
    }

    @Test
    void limitsAnAppsConnectionsAcrossTheCluster() {
        List<RawPusherClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < HeraldCluster.CAPPED_MAX_CONNECTIONS; i++) {
                RawPusherClient client = node(i % 2).connect(HeraldCluster.CAPPED_KEY, HeraldCluster.CAPPED_SECRET);
                clients.add(client);
                client.socketId();
            }

            await("node C refuses the app's next connection once it knows A's and B's").atMost(COUNTS_SETTLE)
                    .until(() -> connectsToCappedApp(node(2)) == 4004);

            clients.getFirst().close();
            await("node C accepts a connection again once A reported one fewer").atMost(COUNTS_SETTLE)
                    .until(() -> connectsToCappedApp(node(2)) == 0);
        } finally {
            clients.forEach(RawPusherClient::close);
        }
    }

    @Test
    void sendsChannelOccupiedAndVacatedOncePerClusterTransition() {
        String channel = unique("occupancy");
        ClusterWebhooks webhooks = cluster.webhooks();
        try (RawPusherClient onA = node(0).connect(); RawPusherClient onB = node(1).connect(); RawPusherClient onC = node(2).connect()) {
            // at the same moment on every node: only the store can tell which subscription was first
            joinPublic(channel, onA, onB, onC);
            webhooks.awaitEvent("channel_occupied", channel);

            onA.close();
            onB.close();
            awaitSubscriptionCount(channel, 1);
            webhooks.awaitFlushed(cluster.nodes());
            assertThat(webhooks.count("channel_vacated", channel)).as("C still subscribes").isZero();

            onC.close();
            webhooks.awaitEvent("channel_vacated", channel);
            webhooks.awaitFlushed(cluster.nodes());
            assertThat(webhooks.count("channel_occupied", channel)).as("channel_occupied").isEqualTo(1);
            assertThat(webhooks.count("channel_vacated", channel)).as("channel_vacated").isEqualTo(1);
        }
    }

    @Test
    void sendsMemberAddedAndRemovedOncePerUserAcrossNodes() {
        String room = unique("presence-hooks");
        ClusterWebhooks webhooks = cluster.webhooks();
        try (RawPusherClient annOnA = node(0).connect(); RawPusherClient annOnB = node(1).connect(); RawPusherClient bobOnC = node(2).connect()) {
            // Ann's two connections join at once on two nodes: one of them makes her a member
            joinPresence(room, "{\"user_id\":\"ann\"}", annOnA, annOnB);
            joinPresence(room, "{\"user_id\":\"bob\"}", bobOnC);
            webhooks.awaitEvent("member_added", room, "ann");
            webhooks.awaitEvent("member_added", room, "bob");

            annOnA.close();
            awaitSubscriptionCount(room, 2);
            webhooks.awaitFlushed(cluster.nodes());
            assertThat(webhooks.count("member_removed", room, "ann")).as("Ann is still connected on B").isZero();

            annOnB.close();
            webhooks.awaitEvent("member_removed", room, "ann");
            bobOnC.close();
            webhooks.awaitEvent("member_removed", room, "bob");
            webhooks.awaitEvent("channel_vacated", room);
            webhooks.awaitFlushed(cluster.nodes());
            assertThat(webhooks.count("member_added", room, "ann")).as("member_added ann").isEqualTo(1);
            assertThat(webhooks.count("member_added", room, "bob")).as("member_added bob").isEqualTo(1);
            assertThat(webhooks.count("member_removed", room, "ann")).as("member_removed ann").isEqualTo(1);
            assertThat(webhooks.count("member_removed", room, "bob")).as("member_removed bob").isEqualTo(1);
            assertThat(webhooks.count("channel_occupied", room)).as("channel_occupied").isEqualTo(1);
            assertThat(webhooks.count("channel_vacated", room)).as("channel_vacated").isEqualTo(1);
        }
    }

    // ---- helpers

    private static JavaClient signedInJava(ClusterNode node, String userId) {
        JavaClient client = node.connectJava(options -> options.setUserAuthenticator(JavaClient.signingAs(userData(userId))));
        client.pusher().signin();
        await().atMost(RawPusherClient.TIMEOUT).until(() -> userId.equals(client.pusher().user().userId()));
        return client;
    }

    private static String userData(String userId) {
        return "{\"id\":\"" + userId + "\"}";
    }

    private void awaitSubscriptionCount(String channel, int count) {
        await(channel + " has " + count + " subscriptions").atMost(RawPusherClient.TIMEOUT).until(() ->
                PusherFrame.parseJson(node(0).api().get("/channels/" + channel, Map.of("info", "subscription_count")))
                        .path("subscription_count").asInt() == count);
    }

    /** The first frame a new subscriber on {@code node} gets after subscription_succeeded. */
    private static PusherFrame firstFrameAfterSubscribing(ClusterNode node, String channel) {
        try (RawPusherClient client = node.connect()) {
            client.subscribe(channel);
            PusherFrame succeeded = client.awaitSubscribed(channel);
            return client.awaitFrameAfter(succeeded.index() + 1, frame -> channel.equals(frame.channel()));
        }
    }

    /** 0 when a connection of the capped app on {@code node} is established, else the error code it is refused with. */
    private static int connectsToCappedApp(ClusterNode node) {
        try (RawPusherClient client = node.connect(HeraldCluster.CAPPED_KEY, HeraldCluster.CAPPED_SECRET)) {
            PusherFrame first = client.awaitFrame(frame -> true);
            return first.is("pusher:connection_established") ? 0 : first.errorCode();
        }
    }
}
