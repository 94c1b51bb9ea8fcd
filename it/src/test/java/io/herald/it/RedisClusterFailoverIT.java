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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on a Redis Cluster (3 primaries, 3 replicas) while publishes flow: the primary that
 * holds the webhook queue and a presence channel's state is killed with {@code kill -9}, and its
 * replica takes over. Herald keeps serving: a member joins on another node and gets the whole
 * roster, no member is announced gone, the API lists everyone, publishes reach a subscriber again,
 * and every webhook queued around the kill arrives. Prints the failover time and what the bus
 * lost meanwhile (it is at most once).
 */
class RedisClusterFailoverIT {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void keepsServingAndLosesNoMemberNorWebhookWhenAPrimaryIsKilledUnderTraffic() throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("RedisClusterFailoverIT", HeraldCluster.BusEngine.REDIS_CLUSTER, 3)) {
            RedisClusterServer redis = cluster.redisCluster();
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode c = cluster.node(2);
            ClusterWebhooks webhooks = cluster.webhooks();
            RedisClusterNode victim = redis.primaryOf(redis.slotOf("{herald}:webhooks:first"));
            String room = roomOn(redis, victim);
            String news = unique("news");
            AtomicBoolean publishing = new AtomicBoolean(true);
            AtomicInteger published = new AtomicInteger();
            try (JavaClient ann = presenceClient(a, "ann", null);
                    JavaClient bob = presenceClient(b, "bob", null);
                    RawPusherClient reader = c.connect();
                    RawPusherClient eve = c.connect()) {
                ChannelRecorder annRoom = ann.subscribePresence(room);
                annRoom.awaitRoster();
                ChannelRecorder bobRoom = bob.subscribePresence(room);
                bobRoom.awaitRoster();
                reader.subscribe(news);
                reader.awaitSubscribed(news);
                webhooks.awaitEvent("member_added", room, "ann");
                webhooks.awaitEvent("member_added", room, "bob");
                Thread traffic = Thread.ofPlatform().daemon().start(() -> {
                    while (publishing.get()) {
                        try {
                            a.api().trigger(news, "tick", Map.of("n", published.incrementAndGet()));
                        } catch (RuntimeException | AssertionError e) {
                            // a publish refused during the failover is part of what is measured
                        }
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });

                // queued right as the primary dies: its webhook must not be lost
                eve.subscribePresence(room, "{\"user_id\":\"eve\"}");
                long killedAt = System.nanoTime();
                RedisClusterNode promoted = redis.killPrimaryAndAwaitFailover(victim);
                long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                // Eve's join raced the kill: it succeeded, or was refused with a subscription error (503) it can retry.
                boolean eveJoined = "pusher_internal:subscription_succeeded".equals(eve.awaitFrame(frame -> room.equals(frame.channel())
                        && frame.event().matches("pusher_internal:subscription_succeeded|pusher:subscription_error")).event());
                List<String> members = eveJoined ? List.of("ann", "bob", "eve") : List.of("ann", "bob");
                int afterFailover = published.get();
                cluster.explainingFailure(() -> await("a publish after the failover reaches node C's subscriber").atMost(RECOVERY)
                        .until(() -> reader.framesMatching(frame -> "tick".equals(frame.event())).stream()
                                .anyMatch(frame -> frame.dataJson().path("n").asInt() > afterFailover)));
                long servingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);

                cluster.explainingFailure(() -> await("a newcomer on node C gets the whole roster").atMost(RECOVERY)
                        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                            try (RawPusherClient dan = c.connect()) {
                                dan.subscribePresence(room, "{\"user_id\":\"dan\"}");
                                JsonNode roster = dan.awaitSubscribed(room).dataJson().path("presence");
                                assertThat(roster.path("ids")).extracting(JsonNode::textValue)
                                        .containsExactlyInAnyOrderElementsOf(plus(members, "dan"));
                            }
                        }));
                for (ClusterNode node : List.of(a, b, c)) {
                    cluster.explainingFailure(() -> await("every member listed by " + node).atMost(RECOVERY).untilAsserted(() ->
                            assertThat(userIds(node.api().get("/channels/" + room + "/users", Map.of())))
                                    .containsExactlyInAnyOrderElementsOf(members)));
                }
                publishing.set(false);
                traffic.join();

                assertThat(annRoom.removed()).as("nobody announced gone to ann").extracting(u -> u.getId()).doesNotContain("bob", "eve");
                assertThat(bobRoom.removed()).as("nobody announced gone to bob").extracting(u -> u.getId()).doesNotContain("ann", "eve");
                if (eveJoined) {
                    webhooks.awaitEvent("member_added", room, "eve");
                }
                webhooks.awaitEvent("member_added", room, "dan");
                webhooks.awaitEvent("member_removed", room, "dan");
                webhooks.awaitFlushed(cluster.live());
                assertThat(webhooks.count("member_removed", room, "ann")).isZero();
                assertThat(webhooks.count("member_removed", room, "bob")).isZero();

                long received = reader.framesMatching(frame -> "tick".equals(frame.event())).size();
                System.out.printf("redis cluster failover (heartbeat %d ms, lease %d ms, cluster-node-timeout 1000 ms): replica of %s"
                        + " promoted (%s) %d ms after kill -9; publishes reached node C again %d ms after it; %d of %d publishes"
                        + " received (the bus is at most once); eve's join at the kill %s, its member_added webhooks: %d%n",
                        HeraldCluster.HEARTBEAT.toMillis(), HeraldCluster.LEASE.toMillis(), victim.address(), promoted.address(),
                        failoverMillis, servingMillis, received, published.get(), eveJoined ? "succeeded" : "was refused",
                        webhooks.count("member_added", room, "eve"));
            } finally {
                publishing.set(false);
                redis.restart(victim);
            }
        }
    }

    /**
     * A Herald node killed while the shard holding its presence channel's state, and partition 0
     * which decides dead nodes, fails over for longer than the lease: every lease there runs out,
     * the survivors' too. Once the replica serves and the survivors have renewed for a lease, one
     * of them cleans the killed node's part up, and its member is announced gone to the other
     * clients and by webhook, once; the survivors do not take each other for dead.
     */
    @Test
    void cleansUpANodeKilledWhileAShardFailsOver() throws Exception {
        // A label of its own: the other case's saved logs stay for reading after a failure.
        try (HeraldCluster cluster = HeraldCluster.start("RedisClusterFailoverIT-killed-node", HeraldCluster.BusEngine.REDIS_CLUSTER, 3)) {
            RedisClusterServer redis = cluster.redisCluster();
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode victim = cluster.node(2);
            ClusterWebhooks webhooks = cluster.webhooks();
            // The shard of partition 0, which decides dead nodes: its failover outlasts the lease, so every lease there runs out.
            RedisClusterNode primary = redis.primaryOf(redis.slotOf("{herald:0}:state:nodes"));
            assertThat(primary).as("not the webhook queue's shard").isNotEqualTo(redis.primaryOf(redis.slotOf("{herald}:webhooks:first")));
            String room = roomOn(redis, primary);
            try (JavaClient ann = presenceClient(a, "ann", null);
                    JavaClient bob = presenceClient(b, "bob", null);
                    RawPusherClient member = victim.connect()) {
                ChannelRecorder annRoom = ann.subscribePresence(room);
                annRoom.awaitRoster();
                ChannelRecorder bobRoom = bob.subscribePresence(room);
                bobRoom.awaitRoster();
                member.subscribePresence(room, "{\"user_id\":\"victim\"}");
                member.awaitSubscribed(room);
                webhooks.awaitEvent("member_added", room, "victim");

                long killedAt = System.nanoTime();
                victim.kill();
                RedisClusterNode promoted = redis.killPrimaryAndAwaitFailover(primary);
                try {
                    cluster.explainingFailure(() -> await("member_removed of the killed node's member at ann and bob").atMost(RECOVERY)
                            .until(() -> removed(annRoom) == 1 && removed(bobRoom) == 1));
                    long removedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
                    for (ClusterNode node : List.of(a, b)) {
                        cluster.explainingFailure(() -> await("the killed node's member gone from the API of " + node).atMost(RECOVERY)
                                .untilAsserted(() -> assertThat(userIds(node.api().get("/channels/" + room + "/users", Map.of())))
                                        .containsExactlyInAnyOrder("ann", "bob")));
                    }
                    webhooks.awaitEvent("member_removed", room, "victim");
                    webhooks.awaitFlushed(cluster.live());
                    assertThat(removed(annRoom)).as("announced once").isEqualTo(1);
                    assertThat(annRoom.removed()).as("no survivor announced gone").extracting(u -> u.getId()).containsOnly("victim");
                    assertThat(bobRoom.removed()).as("no survivor announced gone").extracting(u -> u.getId()).containsOnly("victim");
                    assertThat(webhooks.count("member_removed", room, "victim")).as("member_removed webhooks").isEqualTo(1);
                    System.out.printf("redis cluster failover with a node killed (heartbeat %d ms, lease %d ms): replica %s promoted;"
                            + " the killed node's member removed at the other clients %d ms after both kills%n",
                            HeraldCluster.HEARTBEAT.toMillis(), HeraldCluster.LEASE.toMillis(), promoted.address(), removedMillis);
                } finally {
                    redis.restart(primary);
                }
            }
        }
    }

    private static long removed(ChannelRecorder room) {
        return room.removed().stream().filter(user -> user.getId().equals("victim")).count();
    }

    private static List<String> plus(List<String> members, String member) {
        List<String> all = new java.util.ArrayList<>(members);
        all.add(member);
        return all;
    }

    /** A presence channel whose state partition lives on {@code primary}. */
    private static String roomOn(RedisClusterServer redis, RedisClusterNode primary) {
        ClusterConfig.Redis config = new ClusterConfig.Redis(redis.seeds(), "herald", RedisMode.CLUSTER,
                ClusterConfig.Redis.DEFAULT_STATE_PARTITIONS);
        for (int i = 0; ; i++) {
            String room = unique("presence-failover-" + i);
            String key = RedisPartitionedClusterState.channelStateKey(config, TestNode.APP_ID, room);
            if (redis.primaryOf(redis.slotOf(key)).equals(primary)) {
                return room;
            }
        }
    }
}
