package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterState.ChannelCounts;
import io.herald.cluster.ClusterState.Occupancy;
import io.herald.cluster.NodeSnapshot;
import io.herald.config.ClusterConfig;
import io.herald.testkit.base.ClusterStateContract;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisClusterStateIT extends ClusterStateContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Small, so that every re-assertion of the suite runs as several batches. */
    private static final int REASSERT_BATCH = 2;
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    private String prefix;

    @Override
    protected void newStore() {
        prefix = "s" + PREFIXES.incrementAndGet();
    }

    @Override
    protected ClusterState openNode(String nodeId, Duration lease) {
        return new RedisClusterState(new ClusterConfig.Redis(REDIS.get().url(), prefix), nodeId, lease, TIMEOUT, REASSERT_BATCH);
    }

    @Override
    protected void wipeStore() {
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.flushall();
        }
    }

    @Test
    void keepsEveryKeyUnderItsPrefix() {
        wipeStore();
        ClusterState a = node("a");
        await(a.subscribed(APP, "news"));
        await(a.joinPresence(APP, "presence-room", "u1", "null", 10));
        await(a.userSignedIn(APP, "u1"));
        await(a.renewLease(Map.of(APP, 1)));
        await(a.putCachedEvent(APP, "cache-news", "e", "{}", 60));

        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            assertThat(admin.keys("*")).hasSize(12).allSatisfy(key -> assertThat(key).startsWith(prefix + ":state:"));
        }
        assertThat(cleanUp(a)).isTrue();
        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            assertThat(admin.keys("*")).as("only the cache and the store's epoch outlive the node")
                    .containsExactlyInAnyOrder(prefix + ":state:app:" + APP + ":cache:cache-news", prefix + ":state:epoch");
        }
    }

    @Test
    void callsMadeDuringAReassertionRunAfterIt() {
        ClusterState a = node("a");
        List<NodeSnapshot.ChannelEntry> channels = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            channels.add(new NodeSnapshot.ChannelEntry(APP, "c" + i, 2));
        }
        await(a.subscribed(APP, "stale"));

        var reasserted = a.reassert(new NodeSnapshot(channels, List.of(), List.of(), Map.of(APP, 9)));
        var subscribed = a.subscribed(APP, "c8");
        var counts = a.channelCounts(APP, "stale");

        assertThat(await(reasserted).transitions()).hasSize(10);
        assertThat(await(subscribed)).isEqualTo(new Occupancy(3, false));
        assertThat(await(counts)).isEqualTo(new ChannelCounts(0, 0));
        assertThat(await(a.renewLease(Map.of(APP, 9)))).isTrue();
    }

    @Test
    void runsAgainAfterTheServerForgotItsScripts() {
        ClusterState a = node("a");
        await(a.subscribed(APP, "news"));

        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            admin.connection().sync().scriptFlush();
        }

        assertThat(await(a.subscribed(APP, "news"))).isEqualTo(new Occupancy(2, false));
    }

    /**
     * A node that stalls past its lease between the steps of a re-assertion, is claimed and cleaned
     * up by another node, must not go on to confirm entries or mark its part whole: its members would
     * stay missing from the cluster while it runs. The steps are run by hand here to interleave them.
     */
    @Test
    void reassertionStepsRefuseOnceAnotherNodeClaimedTheNode() throws Exception {
        ClusterState stalled = node("stalled");
        NodeSnapshot share = new NodeSnapshot(List.of(new NodeSnapshot.ChannelEntry(APP, "news", 1)),
                List.of(new NodeSnapshot.MemberEntry(APP, "presence-room", "ann", null, 1)), List.of(), Map.of(APP, 1));
        await(stalled.reassert(share));
        ClusterState cleaner = node("cleaner");
        List<String> batch = ReassertBatches.of(share, 10).getFirst();

        try (var admin = RedisAdmin.connect(REDIS.get().url())) {
            // The begin step with a lease of 1 ms: the node "stalls" right after it.
            runAs(admin, "stalled", 1, RedisLeaseScripts.REASSERT_BEGIN, ScriptOutputType.MULTI, List.of());
            awaitCondition(() -> await(cleaner.claimExpiredNode()).filter("stalled"::equals).isPresent());

            assertThat(stepError(admin, RedisLeaseScripts.REASSERT_BATCH, batch)).as("claimed, not yet cleaned up").contains("REASSERT_INTERRUPTED");
            assertThat(await(cleaner.cleanUp("stalled", 100)).done()).isTrue();
            assertThat(stepError(admin, RedisLeaseScripts.REASSERT_BATCH, batch)).as("cleaned up").contains("REASSERT_INTERRUPTED");
            assertThat(stepError(admin, RedisLeaseScripts.REASSERT_END, List.of("10", APP, "1"))).contains("REASSERT_INTERRUPTED");
        }

        assertThat(await(stalled.channelCounts(APP, "news"))).as("nothing written after the clean-up").isEqualTo(new ChannelCounts(0, 0));
        assertThat(await(stalled.renewLease(Map.of(APP, 1)))).as("the part is not whole").isFalse();
        assertThat(await(stalled.reassert(share)).transitions()).hasSize(2);
        assertThat(await(stalled.presenceMembers(APP, "presence-room"))).containsOnlyKeys("ann");
        assertThat(await(stalled.renewLease(Map.of(APP, 1)))).isTrue();
    }

    @Test
    void failsPromptlyWhileRedisIsDownAndWorksAgainAfterARestart() {
        ClusterState a = node("a");
        await(a.subscribed(APP, "news"));
        assertThat(a.connected()).isTrue();

        REDIS.get().kill();
        awaitCondition(() -> !a.connected());
        assertFailsPromptly(() -> a.subscribed(APP, "news"));
        assertFailsPromptly(() -> a.renewLease(Map.of()));
        assertFailsPromptly(() -> a.channelCounts(APP, "news"));
        REDIS.get().restart();

        awaitCondition(() -> a.connected() && succeeds(() -> a.channelCounts(APP, "news")));
        assertThat(await(a.channelCounts(APP, "news"))).as("kept by the append-only file").isEqualTo(new ChannelCounts(1, 0));
        assertThat(await(a.renewLease(Map.of()))).isTrue();
        assertThat(await(a.subscribed(APP, "news"))).isEqualTo(new Occupancy(2, false));
    }

    @Test
    void reassertsAfterRedisRestartedWithoutItsData() {
        ClusterState a = node("a");
        await(a.subscribed(APP, "news"));

        REDIS.get().restartEmpty();

        awaitCondition(() -> succeeds(() -> a.renewLease(Map.of())));
        assertThat(await(a.renewLease(Map.of()))).isFalse();
        ClusterState.Reassertion restored = await(a.reassert(new NodeSnapshot(List.of(new NodeSnapshot.ChannelEntry(APP, "news", 1)),
                List.of(), List.of(), Map.of())));
        assertThat(restored.restored()).as("the server lost its data").isTrue();
        assertThat(restored.transitions()).as("what it writes back was there all along").isEmpty();
        assertThat(await(a.renewLease(Map.of()))).isTrue();
    }

    @Test
    void failsToOpenWhenRedisCannotBeReached() {
        var unreachable = new ClusterConfig.Redis("redis://127.0.0.1:1", prefix);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RedisClusterState(unreachable, "a", LONG_LEASE, TIMEOUT))
                .isInstanceOf(io.herald.cluster.ClusterStateException.class)
                .hasMessageContaining("127.0.0.1:1");
    }

    private static boolean cleanUp(ClusterState node) {
        return await(node.cleanUp(node.nodeId(), 100)).done();
    }

    private void runAs(RedisAdmin admin, String nodeId, long leaseMillis, String script, ScriptOutputType type, List<String> args)
            throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(prefix + ":state:", nodeId, Long.toString(leaseMillis), ""));
        argv.addAll(args);
        new LuaScript(script).run(admin.connection().async(), type, new String[] {prefix + ":state:nodes"}, argv.toArray(String[]::new))
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error a step run as the stalled node answers. */
    private String stepError(RedisAdmin admin, String script, List<String> args) {
        try {
            runAs(admin, "stalled", LONG_LEASE.toMillis(), script, ScriptOutputType.MULTI, args);
            return "no error";
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause().getMessage());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
