package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cluster.ClusterState;
import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.herald.testkit.base.ClusterStateContract;
import io.herald.testkit.base.RedisClusterNode;
import io.herald.testkit.base.RedisClusterServer;
import io.herald.testkit.base.ServerPerClass;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cluster state contract on a real Redis Cluster (3 primaries, 3 replicas), the state split into partitions. */
class RedisClusterStateOnClusterIT extends ClusterStateContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int PARTITIONS = 6;
    /** Small, so that every re-assertion of the suite runs as several batches. */
    private static final int REASSERT_BATCH = 2;
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisClusterServer> REDIS = new ServerPerClass<>(RedisClusterServer::start);

    private String prefix;

    @Override
    protected void newStore() {
        prefix = "s" + PREFIXES.incrementAndGet();
    }

    private ClusterConfig.Redis config() {
        return new ClusterConfig.Redis(REDIS.get().seeds(), prefix, RedisMode.CLUSTER, PARTITIONS);
    }

    @Override
    protected ClusterState openNode(String nodeId, Duration lease) {
        return new RedisPartitionedClusterState(config(), nodeId, lease, TIMEOUT, REASSERT_BATCH);
    }

    @Override
    protected void wipeStore() {
        for (RedisClusterNode primary : REDIS.get().primaries()) {
            REDIS.get().cli(primary, "FLUSHALL");
        }
    }

    @Test
    void givesEachPartitionAHashTagOfItsOwnSpreadOverTheShards() {
        Set<String> shards = new HashSet<>();
        for (int i = 0; i < PARTITIONS; i++) {
            String key = RedisClusterState.keyBase(config(), i) + "nodes";
            assertThat(key).startsWith("{" + prefix + ":" + i + "}:state:");
            shards.add(REDIS.get().primaryOf(REDIS.get().slotOf(key)).address());
        }
        assertThat(shards).as("six tags over three shards").hasSizeGreaterThan(1);
    }

    /**
     * After a failover, a node whose client has not found the promoted primary yet cannot renew
     * in that shard's partitions while it renews in partition 0: it is alive, and no other node
     * cleans up its part there however long its lease there has run out.
     */
    @Test
    void aNodeAliveInPartitionZeroIsNotCleanedUpWhereOnlyItsLeaseThereRanOut() {
        Duration lease = Duration.ofSeconds(1);
        ClusterState cleaner = node("cleaner", lease);
        ClusterState cutOff = node("cut-off");
        String channel = IntStream.range(0, 100).mapToObj(i -> "c" + i)
                .filter(c -> ((RedisPartitionedClusterState) cutOff).channelPartition(APP, c) != 0).findFirst().orElseThrow();
        await(cutOff.subscribed(APP, channel));
        String nodes = RedisClusterState.keyBase(config(), ((RedisPartitionedClusterState) cutOff).channelPartition(APP, channel)) + "nodes";
        REDIS.get().cli(REDIS.get().primaryOf(REDIS.get().slotOf(nodes)), "ZADD", nodes, "1", "cut-off");

        org.awaitility.Awaitility.await().during(lease.multipliedBy(3)).atMost(lease.multipliedBy(6))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    assertThat(await(cleaner.renewLease(java.util.Map.of()))).isTrue();
                    return await(cleaner.claimExpiredNode()).isEmpty();
                });
        assertThat(await(cleaner.channelCounts(APP, channel)).subscriptionCount()).isEqualTo(1);
    }

    @Test
    void keepsEveryChannelOfAnAppInOnePartitionAndSpreadsAnAppsChannels() {
        try (RedisPartitionedClusterState a = (RedisPartitionedClusterState) openNode("a", Duration.ofSeconds(5))) {
            assertThat(a.channelPartition(APP, "news")).isEqualTo(a.channelPartition(APP, "news"));
            assertThat(IntStream.range(0, 100).map(i -> a.channelPartition(APP, "c" + i)).distinct().count())
                    .isEqualTo(PARTITIONS);
        }
    }
}
