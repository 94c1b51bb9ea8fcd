package io.herald.cluster;

import io.herald.bus.Bus;
import io.herald.config.ClusterConfig;
import io.herald.nats.NatsBus;
import io.herald.redis.RedisBus;
import io.herald.redis.RedisClusterState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Opens the bus and the cluster state a node's configuration names. */
public interface ClusterDrivers {

    Bus bus(ClusterConfig config, String nodeId);

    ClusterState state(ClusterConfig config, String nodeId);

    /** The drivers of the configuration: Redis for the state, Redis or NATS for the bus. */
    ClusterDrivers CONFIGURED = new ClusterDrivers() {
        @Override
        public Bus bus(ClusterConfig config, String nodeId) {
            return switch (config.bus()) {
                case REDIS -> RedisBus.connect(config.redis().url(), config.redis().keyPrefix(), nodeId);
                case NATS -> NatsBus.connect(config.nats().url(), config.nats().subjectPrefix(), nodeId);
            };
        }

        @Override
        public ClusterState state(ClusterConfig config, String nodeId) {
            return RedisClusterState.connect(config.redis().url(), config.redis().keyPrefix(), nodeId, config.lease());
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
