package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.Bus;
import io.herald.bus.BusCodec;
import io.herald.bus.BusCounters;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.herald.testkit.NetworkedBusContract;
import io.herald.testkit.RedisServer;
import io.herald.testkit.ServerProcess;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The bus contract on Redis with sharded pub/sub (the test server is Redis 7); {@link ClassicRedisBusIT} runs it classic. */
class RedisBusIT extends NetworkedBusContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer redis;

    private String prefix;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t" + PREFIXES.incrementAndGet();
    }

    /** The pub/sub commands this class tests. */
    RedisBus.PubSub pubSub() {
        return RedisBus.PubSub.SHARDED;
    }

    @Override
    protected Bus newBus(String nodeId) {
        return new RedisBus(new ClusterConfig.Redis(redis.url(), prefix), nodeId, new BusCounters(), pubSub(), RedisBus.DEFAULT_TIMEOUT);
    }

    @Override
    protected ServerProcess server() {
        return redis;
    }

    @Test
    void survivesARedisRestart() {
        survivesAServerRestart();
    }

    @Test
    void choosesShardedPubSubOnRedis7() {
        try (RedisBus auto = new RedisBus(new ClusterConfig.Redis(redis.url(), prefix), "auto", new BusCounters())) {
            assertThat(auto.sharded()).isTrue();
        }
    }

    @Test
    void subscribesToTheDocumentedChannel() {
        Node a = node("a");
        Node b = node("b");
        BusTopic topic = BusTopic.user("app:1", "user:1 ✓");
        b.bus().addInterest(topic);
        awaitInterest(a, b, topic);

        try (var admin = RedisAdmin.connect(redis.url())) {
            String expected = prefix + ":bus:app%3A1:u:user:1 ✓";
            assertThat(((RedisBus) b.bus()).sharded() ? admin.shardChannels(prefix + ":*") : admin.channels(prefix + ":*"))
                    .containsExactly(expected);
        }
    }

    @Test
    void dropsAndCountsWhatIsNotABusMessage() {
        Node a = node("a");
        Node b = node("b");
        BusTopic room = BusTopic.channel(APP, "room");
        b.bus().addInterest(room);
        awaitInterest(a, b, room);
        String channel = RedisBusChannels.of(prefix).of(room);

        try (var admin = RedisAdmin.connect(redis.url())) {
            admin.publish(channel, new byte[] {9, 9, 9}, ((RedisBus) b.bus()).sharded());
            admin.publish(channel, BusCodec.encode(event(room, "valid", a)), ((RedisBus) b.bus()).sharded());
        }

        awaitMessages(b, 1);
        assertThat(((RedisBus) b.bus()).counters().malformed()).isEqualTo(1);
    }

    @Test
    void countsWhatItDropsWhileDisconnected() {
        Node a = node("a");
        redis.kill();
        try {
            awaitConnection(a, List.of(false));
            long before = ((RedisBus) a.bus()).counters().dropped();
            a.bus().publish(event(BusTopic.channel(APP, "room"), "lost", a));
            assertThat(((RedisBus) a.bus()).counters().dropped()).isEqualTo(before + 1);
        } finally {
            redis.restart();
        }
        awaitConnection(a, List.of(false, true));
    }
}
