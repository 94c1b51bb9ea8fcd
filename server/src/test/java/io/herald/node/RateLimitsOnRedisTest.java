package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.rest.Pusher;
import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.InMemoryBus;
import io.herald.cluster.ClusterState;
import io.herald.cluster.InMemoryClusterStore;
import io.herald.cluster.SharedRateWindows;
import io.herald.config.ClusterConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.link.ClusterDrivers;
import io.herald.redis.RedisRateWindows;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node counting an app's limit on a real Redis that goes away and comes back: meanwhile it
 * counts its own share (still limiting), says so in its metrics, and goes back to Redis.
 */
class RateLimitsOnRedisTest {

    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);

    @TempDir
    Path dir;

    /** Bus and state in memory; only the rate counts on Redis. */
    private final ClusterDrivers drivers = new ClusterDrivers() {
        private final InMemoryBus.Hub hub = new InMemoryBus.Hub();
        private final InMemoryClusterStore store = new InMemoryClusterStore();

        @Override
        public Bus bus(ClusterConfig config, String nodeId, BusCounters counters) {
            return hub.node(nodeId, counters);
        }

        @Override
        public ClusterState state(ClusterConfig config, String nodeId) {
            return store.node(nodeId, Duration.ofMillis(config.lease()));
        }

        @Override
        public Optional<SharedRateWindows> rateWindows(ClusterConfig config) {
            return Optional.of(new RedisRateWindows(config.redis()));
        }
    };

    @Test
    void countsTheNodesShareWhileRedisIsGoneThenRedisAgain() throws Exception {
        HeraldNode node = HeraldNode.start(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "server.host=127.0.0.1", "server.port=0", "metrics.enabled=false", "webhooks.data-dir=" + dir,
                "cluster.enabled=true", "cluster.redis.url=" + REDIS.get().url(), "cluster.redis.key-prefix=fallback",
                "apps=[{id: app-id, key: app-key, secret: app-secret, max-backend-events-per-second: 3}]"))), drivers);
        try (Pusher sdk = new Pusher("app-id", "app-key", "app-secret")) {
            sdk.setHost("127.0.0.1:" + node.port());
            sdk.setEncrypted(false);
            assertThat(publish(sdk)).isEqualTo(200);
            assertThat(fallbacks(node)).isZero();

            REDIS.get().kill();
            try {
                assertThat(publish(sdk)).as("counted on the node's share, which is full").isEqualTo(200);
                assertThat(fallbacks(node)).isEqualTo(1);
                int refusedAt = 0;
                for (int call = 1; call <= 20 && refusedAt == 0; call++) {
                    refusedAt = publish(sdk) == 429 ? call : 0;
                }
                assertThat(refusedAt).as("the share still limits: 3 held, 3 a second").isBetween(1, 20);
            } finally {
                REDIS.get().restart();
            }

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                double before = fallbacks(node);
                publish(sdk);
                assertThat(fallbacks(node)).as("counted on Redis again").isEqualTo(before);
            });
        } finally {
            node.close();
        }
    }

    private static int publish(Pusher sdk) {
        return sdk.trigger("limited", "e", Map.of()).getHttpStatus();
    }

    private static double fallbacks(HeraldNode node) {
        return node.metrics().registry().get("herald_api_rate_limit_fallbacks").counter().count();
    }
}
