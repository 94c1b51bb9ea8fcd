package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.herald.testkit.base.NetworkedBusContract;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.ServerProcess;
import io.lettuce.core.AclSetuserArgs;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bus contract on Redis with sharded pub/sub (the test server is Redis 7); {@link ClassicRedisBusIT} runs it classic. */
class RedisBusIT extends NetworkedBusContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private String prefix;
    /** The URL the next bus connects with. */
    private String url;

    @BeforeEach
    void newPrefix() {
        prefix = "t" + PREFIXES.incrementAndGet();
        url = REDIS.get().url();
    }

    /** The pub/sub commands this class tests. */
    RedisBus.PubSub pubSub() {
        return RedisBus.PubSub.SHARDED;
    }

    @Override
    protected Bus newBus(String nodeId, BusCounters counters) {
        return new RedisBus(new ClusterConfig.Redis(url, prefix), nodeId, counters, pubSub(), RedisBus.DEFAULT_TIMEOUT);
    }

    @Override
    protected ServerProcess server() {
        return REDIS.get();
    }

    @Override
    protected void publishRaw(BusTopic topic, byte[] payload) {
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.publish(RedisBusChannels.of(prefix).of(topic), payload, pubSub() == RedisBus.PubSub.SHARDED);
        }
    }

    @Test
    void survivesARedisRestart() {
        survivesAServerRestart();
    }

    @Test
    void choosesShardedPubSubOnRedis7() {
        try (RedisBus auto = new RedisBus(new ClusterConfig.Redis(REDIS.get().url(), prefix), "auto", new BusCounters())) {
            assertThat(auto.sharded()).isTrue();
        }
    }

    @Test
    void subscribesToTheDocumentedChannel() {
        Node a = node("a");
        BusTopic topic = BusTopic.user("app:1", "user:1 ✓");
        interestedNode("b", a, topic);

        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            String expected = prefix + ":bus:app%3A1:u:user:1 ✓";
            boolean sharded = pubSub() == RedisBus.PubSub.SHARDED;
            assertThat(sharded ? admin.shardChannels(prefix + ":*") : admin.channels(prefix + ":*")).containsExactly(expected);
            assertThat(sharded ? admin.channels(prefix + ":*") : admin.shardChannels(prefix + ":*")).isEmpty();
        }
    }

    /**
     * A subscription the server refuses while the connection stays up (here an ACL that does not
     * allow the channel yet) is not left missing until some later reconnection: the bus retries
     * until the server accepts it.
     */
    @Test
    void subscribesAgainAfterTheServerRefusedASubscriptionWhileConnected() {
        Node a = node("a");
        BusTopic open = BusTopic.channel(APP, "open");
        BusTopic closed = BusTopic.channel(APP, "closed");
        RedisBusChannels names = RedisBusChannels.of(prefix);
        String user = "limited-" + prefix + "-" + pubSub().name().toLowerCase();
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.connection().sync().aclSetuser(user, AclSetuserArgs.Builder.on().addPassword("secret").allCommands().allKeys()
                    .resetChannels().channelPattern(names.of(open)));
            url = "redis://" + user + ":secret@127.0.0.1:" + REDIS.get().port();
            Node b = node("b");
            b.bus().addInterest(closed);
            b.bus().addInterest(open);
            // Commands on a connection are answered in order: once "open" is heard, "closed" was refused.
            awaitInterest(a, b, open);
            assertThat(b.listener().probedTopics()).doesNotContain(closed);

            admin.connection().sync().aclSetuser(user, AclSetuserArgs.Builder.channelPattern(names.of(closed)));

            awaitInterest(a, b, closed);
            assertThat(b.bus().connected()).isTrue();
        }
    }
}
