package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.herald.testkit.base.BusContract;
import io.herald.testkit.base.RedisClusterNode;
import io.herald.testkit.base.RedisClusterServer;
import io.herald.testkit.base.ServerPerClass;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bus contract on a real Redis Cluster (3 primaries, 3 replicas), over sharded pub/sub. */
class RedisBusOnClusterIT extends BusContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisClusterServer> REDIS = new ServerPerClass<>(RedisClusterServer::start);

    private String prefix;
    private int queueLimit;

    @BeforeEach
    void newPrefix() {
        prefix = "t" + PREFIXES.incrementAndGet();
        queueLimit = ClusterConfig.Redis.DEFAULT_BUS_QUEUE_LIMIT;
    }

    @Override
    protected Bus newBus(String nodeId, BusCounters counters) {
        return new RedisClusterBus(new ClusterConfig.Redis(REDIS.get().seeds(), prefix, RedisMode.CLUSTER, 1, queueLimit), nodeId,
                counters);
    }

    /**
     * A primary that does not answer (paused here; killed and not yet replaced in a failover):
     * publishes to its shard wait for it, at most {@code bus-queue-limit} of them; the rest are
     * dropped and counted at once rather than held. Once it answers, publishing works again.
     */
    @Test
    void dropsAndCountsPublishesBeyondItsQueueLimitWhileAPrimaryDoesNotAnswer() {
        queueLimit = 10;
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "slow-room");
        Node b = interestedNode("b", a, room);
        RedisClusterNode primary = REDIS.get().primaryOf(REDIS.get().slotOf(RedisBusChannels.of(prefix).of(room)));
        long droppedBefore = a.counters().dropped();

        REDIS.get().cli(primary, "CLIENT", "PAUSE", "4000", "ALL");
        for (int i = 0; i < 100; i++) {
            a.bus().publish(event(room, "while paused " + i, a));
        }

        org.awaitility.Awaitility.await("dropped while the primary is paused").atMost(java.time.Duration.ofSeconds(3))
                .until(() -> a.counters().dropped() - droppedBefore >= 100 - 2 * queueLimit);
        org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
            a.bus().publish(event(room, "after the pause", a));
            return b.listener().messages().contains(event(room, "after the pause", a));
        });
        assertThat(b.listener().messages().stream().filter(m -> m.json().contains("while paused")).count())
                .as("the publishes the queue held").isLessThanOrEqualTo(2L * queueLimit);
    }

    @Test
    void subscribesEachChannelOnThePrimaryServingItsSlot() {
        Node a = node("a");
        Set<String> primaries = new HashSet<>();
        BusTopic[] topics = new BusTopic[12];
        for (int i = 0; i < topics.length; i++) {
            topics[i] = BusTopic.channel(APP, "room-" + i);
        }
        interestedNode("b", a, topics);

        for (BusTopic topic : topics) {
            String channel = RedisBusChannels.of(prefix).of(topic);
            RedisClusterNode primary = REDIS.get().primaryOf(REDIS.get().slotOf(channel));
            assertThat(REDIS.get().cli(primary, "PUBSUB", "SHARDCHANNELS", prefix + ":*")).contains(channel);
            primaries.add(primary.address());
        }
        assertThat(primaries).as("twelve channels over three shards").hasSizeGreaterThan(1);
    }

    /** A primary killed with kill -9: once its replica took over, the bus subscribes its channels there and delivers again. */
    @Test
    void movesSubscriptionsToThePromotedReplicaAfterAFailover() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "failover-room");
        Node b = interestedNode("b", a, room);
        RedisClusterNode primary = REDIS.get().primaryOf(REDIS.get().slotOf(RedisBusChannels.of(prefix).of(room)));

        RedisClusterNode promoted = REDIS.get().killPrimaryAndAwaitFailover(primary);
        try {
            AtomicInteger sent = new AtomicInteger();
            org.awaitility.Awaitility.await().atMost(WAIT).pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                String text = "after failover " + sent.incrementAndGet();
                a.bus().publish(event(room, text, a));
                return b.listener().messages().contains(event(room, text, a))
                        || b.listener().messages().stream().anyMatch(m -> m.json().contains("after failover"));
            });
            assertThat(REDIS.get().cli(promoted, "PUBSUB", "SHARDCHANNELS", prefix + ":*"))
                    .contains(RedisBusChannels.of(prefix).of(room));
            awaitConnected(a);
            awaitConnected(b);
        } finally {
            REDIS.get().restart(primary);
        }
    }

    /**
     * A primary that drops a channel's subscription and keeps serving its slot, as seen between two
     * looks at the topology (here it gives the slot to another primary and takes it back at once; in
     * a many-node run, a failover and failback under load did it): the bus subscribes the channel
     * there again instead of holding an interest nothing carries.
     */
    @Test
    void subscribesAgainAChannelItsPrimaryDroppedWhileKeepingItsSlot() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "dropped-room");
        Node b = interestedNode("b", a, room);
        String channel = RedisBusChannels.of(prefix).of(room);
        int slot = REDIS.get().slotOf(channel);
        RedisClusterNode primary = REDIS.get().primaryOf(slot);
        RedisClusterNode other = REDIS.get().primaries().stream().filter(node -> !node.address().equals(primary.address()))
                .findFirst().orElseThrow();
        String self = REDIS.get().cli(primary, "CLUSTER", "MYID").trim();
        String elsewhere = REDIS.get().cli(other, "CLUSTER", "MYID").trim();

        REDIS.get().cli(primary, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", elsewhere);
        REDIS.get().cli(primary, "CLUSTER", "SETSLOT", String.valueOf(slot), "NODE", self);

        AtomicInteger sent = new AtomicInteger();
        org.awaitility.Awaitility.await("delivered again after the drop").atMost(WAIT).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> {
                    // Any of them: one published just now has not arrived yet when this looks.
                    a.bus().publish(event(room, "after the drop " + sent.incrementAndGet(), a));
                    return b.listener().messages().stream().anyMatch(m -> m.json().contains("after the drop"));
                });
        assertThat(REDIS.get().cli(primary, "PUBSUB", "SHARDCHANNELS", prefix + ":*")).contains(channel);
        awaitConnected(b);
    }

    private static void awaitConnected(Node node) {
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> node.bus().connected());
    }
}
