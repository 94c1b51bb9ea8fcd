package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.herald.testkit.base.RedisClusterServer;
import io.herald.testkit.base.ServerPerClass;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared per-second counts of rate limits on a real Redis Cluster: each window on its own slot's shard. */
class RedisRateWindowsOnClusterIT {

    @RegisterExtension
    static final ServerPerClass<RedisClusterServer> REDIS = new ServerPerClass<>(RedisClusterServer::start);

    private static RedisRateWindows windows() {
        return new RedisRateWindows(new ClusterConfig.Redis(REDIS.get().seeds(), "rate-test", RedisMode.CLUSTER, 1));
    }

    @Test
    void holdsEachLimitAcrossCountersWithTheWindowsSpreadOverTheShards() {
        try (RedisRateWindows a = windows(); RedisRateWindows b = windows()) {
            Set<String> primaries = new HashSet<>();
            for (int app = 0; app < 12; app++) {
                String name = "app-" + app + ":events";
                List<CompletableFuture<Boolean>> calls = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    calls.add((i % 2 == 0 ? a : b).tryAdd(name, 100, 2, 25).toCompletableFuture());
                }
                long accepted = calls.stream().filter(CompletableFuture::join).count();

                assertThat(accepted * 2).as("12 calls of 2 fit 25 for %s", name).isEqualTo(24);
                primaries.add(REDIS.get().primaryOf(REDIS.get().slotOf("rate-test:rate:" + name + ":100")).address());
            }
            assertThat(primaries).as("twelve apps' windows are not all on one shard").hasSizeGreaterThan(1);
        }
    }
}
