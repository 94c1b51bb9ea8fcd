package io.herald.link;

import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.InMemoryBus;
import io.herald.cluster.ClusterState;
import io.herald.cluster.InMemoryClusterStore;
import io.herald.cluster.SharedRateWindows;
import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.herald.nats.NatsBus;
import io.herald.redis.RedisBus;
import io.herald.redis.RedisClusterBus;
import io.herald.redis.RedisClusterState;
import io.herald.redis.RedisPartitionedClusterState;
import io.herald.redis.RedisRateWindows;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Opens the bus and the cluster state of a node: the ones its configuration names when
 * {@code cluster.enabled}, else {@link #ALONE}.
 */
public interface ClusterDrivers {

    /** The bus, counting what it publishes, receives and drops into {@code counters}. */
    Bus bus(ClusterConfig config, String nodeId, BusCounters counters);

    ClusterState state(ClusterConfig config, String nodeId);

    /**
     * Where per-app rate limits are counted for the whole cluster, when the drivers have such a
     * place; without one, each node counts its share (docs/apps.md#limits).
     */
    default Optional<SharedRateWindows> rateWindows(ClusterConfig config) {
        return Optional.empty();
    }

    /** The drivers of the configuration: Redis (one server or a Redis Cluster) for the state, Redis or NATS for the bus. */
    ClusterDrivers CONFIGURED = new ClusterDrivers() {
        @Override
        public Bus bus(ClusterConfig config, String nodeId, BusCounters counters) {
            return switch (config.bus()) {
                case REDIS -> config.redis().mode() == RedisMode.CLUSTER
                        ? new RedisClusterBus(config.redis(), nodeId, counters)
                        : new RedisBus(config.redis(), nodeId, counters);
                case NATS -> new NatsBus(config.nats(), nodeId, counters);
            };
        }

        @Override
        public ClusterState state(ClusterConfig config, String nodeId) {
            return config.redis().mode() == RedisMode.CLUSTER
                    ? new RedisPartitionedClusterState(config, nodeId)
                    : new RedisClusterState(config, nodeId);
        }

        /** On Redis with the Redis bus; with NATS, each node counts its share. */
        @Override
        public Optional<SharedRateWindows> rateWindows(ClusterConfig config) {
            return config.bus() == ClusterConfig.BusDriver.REDIS
                    ? Optional.of(new RedisRateWindows(config.redis())) : Optional.empty();
        }
    };

    /**
     * A node that runs alone: a cluster of one, on an in-memory bus and state of its own that no
     * other node shares. Every event takes the path it takes in a cluster.
     */
    ClusterDrivers ALONE = new ClusterDrivers() {
        @Override
        public Bus bus(ClusterConfig config, String nodeId, BusCounters counters) {
            return new InMemoryBus.Hub().node(nodeId, counters);
        }

        @Override
        public ClusterState state(ClusterConfig config, String nodeId) {
            return new InMemoryClusterStore().node(nodeId, Duration.ofMillis(config.lease()));
        }
    };

    /**
     * The configured node id, or the host name plus a random suffix: new at every start, so a
     * restarted node never takes over the lease (and the members) of its previous run.
     */
    static String nodeId(ClusterConfig config) {
        if (!config.nodeId().isEmpty()) {
            return config.nodeId();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "-");
        } catch (UnknownHostException e) {
            host = "node";
        }
        byte[] suffix = new byte[4];
        new SecureRandom().nextBytes(suffix);
        return (host.length() > 60 ? host.substring(0, 60) : host) + "-" + HexFormat.of().formatHex(suffix);
    }
}
