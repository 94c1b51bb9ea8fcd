package io.herald.it;

import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.User;
import io.herald.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * Members joining one presence channel at the same moment, spread over the nodes of a cluster (on
 * each bus) or on one node, round after round: every client's member list must end as the HTTP
 * API's, both as pusher-js keeps it (the roster of subscription_succeeded replaces the list) and
 * as pusher-java-client does, and no client may hear of a member before its own
 * subscription_succeeded. Prints the figures of each run.
 */
class PresenceRaceIT {

    private static final int MEMBERS = 20;
    private static final int CLUSTER_ROUNDS = 10;
    private static final int ONE_NODE_ROUNDS = 45;
    /** How long a client's list may take to catch up with the API before it counts as wrong. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final Duration JOINED = Duration.ofSeconds(30);

    /** What a run found, each a number of clients. */
    record Figures(int clients, int early, int shortAsPusherJs, int extraAsPusherJs, int wrongInJavaClient) {
        Figures plus(Figures other) {
            return new Figures(clients + other.clients, early + other.early, shortAsPusherJs + other.shortAsPusherJs,
                    extraAsPusherJs + other.extraAsPusherJs, wrongInJavaClient + other.wrongInJavaClient);
        }
    }

    @Test
    void everyListIsWholeAndInOrderOnTheRedisBus() {
        try (HeraldCluster cluster = HeraldCluster.start("PresenceRaceIT", HeraldCluster.BusEngine.REDIS, 3)) {
            assertWholeAndInOrder(run("redis bus, 3 nodes", ports(cluster), cluster.node(0).api(), CLUSTER_ROUNDS));
        }
    }

    @Test
    void everyListIsWholeAndInOrderOnTheNatsBus() {
        try (HeraldCluster cluster = HeraldCluster.start("PresenceRaceIT", HeraldCluster.BusEngine.NATS, 3)) {
            assertWholeAndInOrder(run("nats bus, 3 nodes", ports(cluster), cluster.node(0).api(), CLUSTER_ROUNDS));
        }
    }

    @Test
    void everyListIsWholeAndInOrderOnOneNode() throws Exception {
        try (TestNode node = TestNode.start(); RestApi api = RestApi.of(node)) {
            assertWholeAndInOrder(run("one node", List.of(node.port()), api, ONE_NODE_ROUNDS));
        }
    }

    private static List<Integer> ports(HeraldCluster cluster) {
        return cluster.nodes().stream().map(ClusterNode::port).toList();
    }

    private static void assertWholeAndInOrder(Figures figures) {
        assertThat(figures.early()).as("clients told of a member before their own subscription_succeeded").isZero();
        assertThat(figures.shortAsPusherJs()).as("clients missing a member, as pusher-js keeps the list").isZero();
        assertThat(figures.extraAsPusherJs()).as("clients listing a member who is not there, as pusher-js keeps the list").isZero();
        assertThat(figures.wrongInJavaClient()).as("clients whose pusher-java-client list differs from the API").isZero();
    }

    private static Figures run(String label, List<Integer> ports, RestApi api, int rounds) {
        Figures total = new Figures(0, 0, 0, 0, 0);
        List<JavaClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                String userId = userId(i);
                clients.add(JavaClient.connect(ports.get(i % ports.size()),
                        options -> options.setChannelAuthorizer(LocalAuth.authorizer(api, userId, Map.of("name", userId)))));
            }
            for (int round = 0; round < rounds; round++) {
                total = total.plus(round(clients, api));
            }
        } finally {
            clients.forEach(JavaClient::close);
        }
        System.out.printf("presence race (%s): %d rounds of %d members joining at once: %d of %d clients got a member"
                + " event before subscription_succeeded; as pusher-js keeps the list %d ended short and %d with an extra"
                + " member; %d pusher-java-client lists differed from the API%n", label, rounds, MEMBERS,
                total.early(), total.clients(), total.shortAsPusherJs(), total.extraAsPusherJs(), total.wrongInJavaClient());
        return total;
    }

    /**
     * {@link #MEMBERS} clients, one user each, spread over the nodes, subscribing to a new channel at
     * once; they leave it before the next round. The connections stay from round to round: a new
     * channel each round is what makes the joins simultaneous, and connecting is the slow part.
     */
    private static Figures round(List<JavaClient> clients, RestApi api) {
        String room = unique("presence-race");
        Set<String> everyone = IntStream.range(0, MEMBERS).mapToObj(PresenceRaceIT::userId).collect(Collectors.toSet());
        List<PresenceTimeline> timelines = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                timelines.add(new PresenceTimeline());
            }
            for (int i = 0; i < MEMBERS; i++) {
                clients.get(i).pusher().subscribePresence(room, timelines.get(i));
            }
            await("every client subscribed to " + room).atMost(JOINED)
                    .until(() -> timelines.stream().allMatch(PresenceTimeline::hasRoster));
            await("the API lists every member of " + room).atMost(JOINED)
                    .until(() -> new HashSet<>(userIds(api.get("/channels/" + room + "/users", Map.of()))).equals(everyone));
            try {
                await("every client's list as the API's").atMost(SETTLE).until(() -> IntStream.range(0, MEMBERS)
                        .allMatch(i -> timelines.get(i).membersAsPusherJsKeepsThem().equals(everyone)
                                && javaClientMembers(clients.get(i), room).equals(everyone)));
            } catch (ConditionTimeoutException stillWrong) {
                // Counted below: a list still wrong now stays wrong until a member leaves and comes back.
            }
            int early = 0;
            int shortLists = 0;
            int extra = 0;
            int wrongInJavaClient = 0;
            for (int i = 0; i < MEMBERS; i++) {
                PresenceTimeline timeline = timelines.get(i);
                assertThat(timeline.failures()).isEmpty();
                Set<String> kept = timeline.membersAsPusherJsKeepsThem();
                early += timeline.eventBeforeRoster() ? 1 : 0;
                shortLists += kept.containsAll(everyone) ? 0 : 1;
                extra += everyone.containsAll(kept) ? 0 : 1;
                wrongInJavaClient += javaClientMembers(clients.get(i), room).equals(everyone) ? 0 : 1;
            }
            return new Figures(MEMBERS, early, shortLists, extra, wrongInJavaClient);
        } finally {
            clients.forEach(client -> client.pusher().unsubscribe(room));
        }
    }

    private static String userId(int index) {
        return "user-" + index;
    }

    private static Set<String> javaClientMembers(JavaClient client, String room) {
        return client.pusher().getPresenceChannel(room).getUsers().stream().map(User::getId).collect(Collectors.toSet());
    }
}
