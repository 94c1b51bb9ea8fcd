package io.herald.testkit.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Six real redis-server processes in cluster mode: created, failed over, restarted empty. */
class RedisClusterServerIT {

    @Test
    void startsThreePrimariesWithAReplicaEachAndFailsOverAKilledPrimary() {
        try (RedisClusterServer cluster = RedisClusterServer.start()) {
            assertThat(cluster.nodes()).hasSize(6).allSatisfy(node -> assertThat(node.port()).isNotEqualTo(6379));
            assertThat(cluster.primaries()).hasSize(3);
            int slot = cluster.slotOf("{app-1}:news");
            RedisClusterNode primary = cluster.primaryOf(slot);
            assertThat(cluster.cli(primary, "SET", "{app-1}:news", "kept")).contains("OK");
            assertThat(cluster.cli(primary, "WAIT", "1", "2000").trim()).isEqualTo("1");

            RedisClusterNode promoted = cluster.killPrimaryAndAwaitFailover(primary);

            assertThat(promoted).isNotEqualTo(primary);
            assertThat(cluster.primaryOf(slot)).isEqualTo(promoted);
            assertThat(cluster.cli(promoted, "GET", "{app-1}:news").trim()).isEqualTo("kept");
            cluster.restart(primary);
            assertThat(cluster.primaries()).hasSize(3).doesNotContain(primary);
        }
    }

    @Test
    void movesASlotWithItsKeysToAnotherPrimary() {
        try (RedisClusterServer cluster = RedisClusterServer.start()) {
            int slot = cluster.slotOf("{room}:a");
            RedisClusterNode source = cluster.primaryOf(slot);
            cluster.cli(source, "SET", "{room}:a", "1");
            cluster.cli(source, "SET", "{room}:b", "2");
            RedisClusterNode target = cluster.primaries().stream().filter(p -> !p.equals(source)).findFirst().orElseThrow();

            cluster.moveSlot(slot, target);

            assertThat(cluster.primaryOf(slot)).isEqualTo(target);
            assertThat(cluster.cli(target, "MGET", "{room}:a", "{room}:b").lines().toList()).containsExactly("1", "2");
            assertThat(cluster.cli(source, "GET", "{room}:a")).startsWith("MOVED");
        }
    }

    @Test
    void restartsEveryNodeEmpty() {
        try (RedisClusterServer cluster = RedisClusterServer.start()) {
            List<Integer> ports = cluster.nodes().stream().map(RedisClusterNode::port).toList();
            RedisClusterNode primary = cluster.primaryOf(cluster.slotOf("k"));
            cluster.cli(primary, "SET", "k", "v");

            cluster.restartEmpty();

            assertThat(cluster.nodes().stream().map(RedisClusterNode::port).toList()).isEqualTo(ports);
            assertThat(cluster.primaries()).hasSize(3);
            assertThat(cluster.cli(cluster.primaryOf(cluster.slotOf("k")), "GET", "k").trim()).isEmpty();
        }
    }
}
