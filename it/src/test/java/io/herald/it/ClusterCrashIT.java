package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static io.herald.it.ClusterChecks.assertJson;
import static io.herald.it.ClusterChecks.assertSubscriptionCount;
import static io.herald.it.ClusterChecks.ids;
import static io.herald.it.ClusterChecks.presenceClient;
import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.RawPusherClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node holding presence members and subscriptions is killed with SIGKILL: once its lease has
 * expired, a surviving node cleans up after it, so the members leave every other node's view and
 * the API, member_removed reaches the clients on the other nodes once, the webhooks of the
 * transitions arrive once each, and the counts are true again. Prints the time from the kill to
 * member_removed at the surviving clients. A node frozen instead of killed comes back whole.
 */
class ClusterCrashIT {

    /** Beyond the lease: a heartbeat to notice the expiry, the clean-up, and the delivery. */
    private static final Duration CLEAN_UP_BOUND = Duration.ofSeconds(3);

    @ParameterizedTest(name = "{0} bus")
    @EnumSource(HeraldCluster.BusEngine.class)
    void removesAKilledNodesMembersAndSubscriptionsOnceEverywhere(HeraldCluster.BusEngine bus) throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterCrashIT", bus, 3)) {
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode victim = cluster.node(2);
            ClusterWebhooks webhooks = cluster.webhooks();
            String shared = unique("presence-shared");
            String alone = unique("presence-alone");
            String news = unique("news");
            String aloneNews = unique("alone-news");
            try (JavaClient ann = presenceClient(a, "ann", null);
                    JavaClient bob = presenceClient(b, "bob", null);
                    RawPusherClient member = victim.connect();
                    RawPusherClient reader = victim.connect();
                    RawPusherClient otherReader = victim.connect();
                    RawPusherClient readerOnA = a.connect()) {
                ChannelRecorder annRoom = ann.subscribePresence(shared);
                annRoom.awaitRoster();
                ChannelRecorder bobRoom = bob.subscribePresence(shared);
                bobRoom.awaitRoster();
                member.subscribePresence(shared, "{\"user_id\":\"victim\"}");
                member.subscribePresence(alone, "{\"user_id\":\"victim\"}");
                member.awaitSubscribed(shared);
                member.awaitSubscribed(alone);
                for (RawPusherClient client : List.of(reader, otherReader, readerOnA)) {
                    client.subscribe(news);
                    client.awaitSubscribed(news);
                }
                reader.subscribe(aloneNews);
                reader.awaitSubscribed(aloneNews);
                await().atMost(RawPusherClient.TIMEOUT).until(() -> ids(annRoom.added()).contains("victim") && ids(bobRoom.added()).contains("victim"));
                // the victim's own webhooks must be out before it dies: its queue dies with it
                webhooks.awaitEvent("member_added", shared, "victim");
                webhooks.awaitEvent("member_added", alone, "victim");
                webhooks.awaitEvent("channel_occupied", alone);
                webhooks.awaitEvent("channel_occupied", aloneNews);
                assertSubscriptionCount(a, news, 3);

                long killedAt = System.nanoTime();
                victim.kill();

                Map<String, Long> removedAfter = new ConcurrentHashMap<>();
                await("member_removed of the killed node's user at the clients on A and B")
                        .atMost(HeraldCluster.LEASE.plus(CLEAN_UP_BOUND)).pollInterval(Duration.ofMillis(5))
                        .until(() -> {
                            recordFirstRemoval(removedAfter, "node A", annRoom, killedAt);
                            recordFirstRemoval(removedAfter, "node B", bobRoom, killedAt);
                            return removedAfter.size() == 2;
                        });
                System.out.printf("cluster crash (%s bus, heartbeat %d ms, lease %d ms): member_removed at the surviving clients "
                        + "%d ms (node A) and %d ms (node B) after kill -9%n", bus.name().toLowerCase(),
                        HeraldCluster.HEARTBEAT.toMillis(), HeraldCluster.LEASE.toMillis(),
                        removedAfter.get("node A"), removedAfter.get("node B"));

                for (ClusterNode survivor : List.of(a, b)) {
                    await("the killed node's part gone from the API of " + survivor).atMost(RawPusherClient.TIMEOUT).untilAsserted(() -> {
                        assertThat(userIds(survivor.api().get("/channels/" + shared + "/users", Map.of()))).containsExactlyInAnyOrder("ann", "bob");
                        assertJson(survivor.api().get("/channels/" + shared, Map.of("info", "user_count,subscription_count")),
                                "{\"occupied\":true,\"user_count\":2,\"subscription_count\":2}");
                        assertJson(survivor.api().get("/channels/" + alone, Map.of("info", "user_count,subscription_count")),
                                "{\"occupied\":false,\"user_count\":0,\"subscription_count\":0}");
                        assertSubscriptionCount(survivor, news, 1);
                        assertSubscriptionCount(survivor, aloneNews, 0);
                    });
                }
                try (RawPusherClient newcomer = a.connect()) {
                    newcomer.subscribePresence(shared, "{\"user_id\":\"dan\"}");
                    JsonNode roster = newcomer.awaitSubscribed(shared).dataJson().path("presence");
                    assertThat(roster.path("ids")).extracting(JsonNode::textValue).containsExactlyInAnyOrder("ann", "bob", "dan");
                }

                await("member_removed stays announced once for a lease").during(HeraldCluster.LEASE)
                        .atMost(HeraldCluster.LEASE.plus(Duration.ofSeconds(2)))
                        .until(() -> removals(annRoom) == 1 && removals(bobRoom) == 1);
                webhooks.awaitEvent("member_removed", shared, "victim");
                webhooks.awaitEvent("member_removed", alone, "victim");
                webhooks.awaitEvent("channel_vacated", alone);
                webhooks.awaitEvent("channel_vacated", aloneNews);
                webhooks.awaitFlushed(cluster.live());
                assertThat(webhooks.count("member_removed", shared, "victim")).as("member_removed in the shared room").isEqualTo(1);
                assertThat(webhooks.count("member_removed", alone, "victim")).as("member_removed in the victim's room").isEqualTo(1);
                assertThat(webhooks.count("channel_vacated", alone)).as("channel_vacated of the victim's room").isEqualTo(1);
                assertThat(webhooks.count("channel_vacated", aloneNews)).as("channel_vacated of the victim's channel").isEqualTo(1);
                assertThat(webhooks.count("channel_vacated", shared)).as("the shared room is still occupied").isZero();
                assertThat(webhooks.count("channel_vacated", news)).as("news is still read on A").isZero();
            }
        }
    }

    /**
     * A node frozen past its lease (a long pause; SIGSTOP here) is cleaned up like a dead one. When
     * it resumes it finds its part gone and re-asserts it: its member is back in every view and the
     * API, announced with member_added, and its client never noticed.
     */
    @Test
    void aNodeFrozenPastItsLeaseIsCleanedUpAndComesBackWhole() throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterFreeze", HeraldCluster.BusEngine.REDIS, 2)) {
            ClusterNode a = cluster.node(0);
            ClusterNode frozen = cluster.node(1);
            ClusterWebhooks webhooks = cluster.webhooks();
            String room = unique("presence-room");
            try (JavaClient ann = presenceClient(a, "ann", null); RawPusherClient member = frozen.connect()) {
                ChannelRecorder annRoom = ann.subscribePresence(room);
                annRoom.awaitRoster();
                member.subscribePresence(room, "{\"user_id\":\"victim\"}");
                member.awaitSubscribed(room);
                await().atMost(RawPusherClient.TIMEOUT).until(() -> additions(annRoom) == 1);

                frozen.freeze();
                try {
                    cluster.explainingFailure(() -> await("the frozen node's member removed by node A")
                            .atMost(HeraldCluster.LEASE.plus(CLEAN_UP_BOUND)).until(() -> removals(annRoom) == 1));
                    assertThat(userIds(a.api().get("/channels/" + room + "/users", Map.of()))).containsExactly("ann");
                } finally {
                    frozen.thaw();
                }

                cluster.explainingFailure(() -> await("the thawed node's member back").atMost(RawPusherClient.TIMEOUT).untilAsserted(() -> {
                    assertThat(additions(annRoom)).isEqualTo(2);
                    assertThat(userIds(a.api().get("/channels/" + room + "/users", Map.of()))).containsExactlyInAnyOrder("ann", "victim");
                    assertThat(userIds(frozen.api().get("/channels/" + room + "/users", Map.of()))).containsExactlyInAnyOrder("ann", "victim");
                }));
                assertThat(member.isClosed()).as("the member's connection outlived the pause").isFalse();
                await("member_added twice and member_removed once as webhooks").atMost(RawPusherClient.TIMEOUT)
                        .until(() -> webhooks.count("member_added", room, "victim") == 2 && webhooks.count("member_removed", room, "victim") == 1);
            }
        }
    }

    private static long additions(ChannelRecorder room) {
        return room.added().stream().filter(user -> user.getId().equals("victim")).count();
    }

    private static void recordFirstRemoval(Map<String, Long> removedAfter, String where, ChannelRecorder room, long killedAt) {
        if (!removedAfter.containsKey(where) && removals(room) > 0) {
            removedAfter.put(where, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
        }
    }

    private static long removals(ChannelRecorder room) {
        return room.removed().stream().filter(user -> user.getId().equals("victim")).count();
    }
}
