package io.herald.it;

import static io.herald.it.ClusterChecks.presenceClient;
import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.herald.redis.RedisPartitionedClusterState;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.RedisClusterNode;
import io.herald.testkit.base.RedisClusterServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on a Redis Cluster while publishes flow: the slots of a presence channel's state
 * partition, of the channel's bus topic and of the webhook queue move to another primary with
 * their keys (MIGRATING/IMPORTING, MIGRATE, SETSLOT NODE). Herald follows: the members stay, a
 * newcomer gets the whole roster, the API lists everyone, publishes reach the subscriber, and the
 * newcomer's webhook arrives. Prints what the bus lost during the moves (it is at most once).
 */
class RedisClusterReshardIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void followsSlotsMovedWhileTrafficFlows() throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("RedisClusterReshardIT", HeraldCluster.BusEngine.REDIS_CLUSTER, 3)) {
            RedisClusterServer redis = cluster.redisCluster();
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode c = cluster.node(2);
            ClusterWebhooks webhooks = cluster.webhooks();
            String room = unique("presence-moved");
            String news = unique("news");
            AtomicBoolean publishing = new AtomicBoolean(true);
            AtomicInteger published = new AtomicInteger();
            try (JavaClient ann = presenceClient(a, "ann", null);
                    JavaClient bob = presenceClient(b, "bob", null);
                    RawPusherClient reader = c.connect()) {
                ChannelRecorder annRoom = ann.subscribePresence(room);
                annRoom.awaitRoster();
                ChannelRecorder bobRoom = bob.subscribePresence(room);
                bobRoom.awaitRoster();
                reader.subscribe(news);
                reader.awaitSubscribed(news);
                webhooks.awaitEvent("member_added", room, "bob");
                Thread traffic = Thread.ofPlatform().daemon().start(() -> {
                    while (publishing.get()) {
                        try {
                            a.api().trigger(news, "tick", Map.of("n", published.incrementAndGet()));
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException | AssertionError e) {
                            // a publish refused during a move is part of what is measured
                        }
                    }
                });

                ClusterConfig.Redis config = new ClusterConfig.Redis(redis.seeds(), "herald", RedisMode.CLUSTER,
                        ClusterConfig.Redis.DEFAULT_STATE_PARTITIONS);
                List<String> keys = List.of(RedisPartitionedClusterState.channelStateKey(config, TestNode.APP_ID, room),
                        "herald:bus:" + TestNode.APP_ID + ":c:" + news, "{herald}:webhooks:first");
                for (String key : keys) {
                    int slot = redis.slotOf(key);
                    RedisClusterNode from = redis.primaryOf(slot);
                    RedisClusterNode to = redis.primaries().stream().filter(p -> !p.equals(from)).findFirst().orElseThrow();
                    redis.moveSlot(slot, to);
                }
                int afterMoves = published.get();

                cluster.explainingFailure(() -> await("a publish after the moves reaches node C's subscriber").atMost(RECOVERY)
                        .until(() -> reader.framesMatching(frame -> "tick".equals(frame.event())).stream()
                                .anyMatch(frame -> frame.dataJson().path("n").asInt() > afterMoves)));
                cluster.explainingFailure(() -> await("a newcomer on node C gets the whole roster").atMost(RECOVERY)
                        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            try (RawPusherClient dan = c.connect()) {
                                dan.subscribePresence(room, "{\"user_id\":\"dan\"}");
                                JsonNode roster = dan.awaitSubscribed(room).dataJson().path("presence");
                                assertThat(roster.path("ids")).extracting(JsonNode::textValue).containsExactlyInAnyOrder("ann", "bob", "dan");
                            }
                        }));
                for (ClusterNode node : List.of(a, b, c)) {
                    cluster.explainingFailure(() -> await("every member listed by " + node).atMost(RECOVERY).untilAsserted(() ->
                            assertThat(userIds(node.api().get("/channels/" + room + "/users", Map.of())))
                                    .containsExactlyInAnyOrder("ann", "bob")));
                }
                publishing.set(false);
                traffic.join();

                assertThat(annRoom.removed()).as("nobody announced gone to ann").extracting(u -> u.getId()).doesNotContain("bob");
                assertThat(bobRoom.removed()).as("nobody announced gone to bob").extracting(u -> u.getId()).doesNotContain("ann");
                webhooks.awaitEvent("member_added", room, "dan");
                webhooks.awaitEvent("member_removed", room, "dan");
                long received = reader.framesMatching(frame -> "tick".equals(frame.event())).size();
                System.out.printf("redis cluster resharding (3 slots moved: a presence channel's state partition, a bus channel,"
                        + " the webhook queue): %d of %d publishes received (the bus is at most once)%n", received, published.get());
            } finally {
                publishing.set(false);
            }
        }
    }
}
