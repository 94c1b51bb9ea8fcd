package io.herald.config;

/**
 * Running many nodes as one service: the shared state in Redis and the bus between nodes. Times
 * in milliseconds.
 */
public record ClusterConfig(boolean enabled, BusDriver bus, String nodeId, int heartbeat, int lease,
        Redis redis, Nats nats) {

    /** How nodes pass events to each other. */
    public enum BusDriver { REDIS, NATS }

    /**
     * The Redis of the shared state (and of the bus, with bus: redis): one server, or with
     * {@code mode} CLUSTER a Redis Cluster whose seed nodes {@code url} lists, comma-separated.
     * {@code statePartitions} is how many parts the state is split into on a Redis Cluster, each
     * under a hash tag of its own (ignored on one server, which keeps the state whole).
     * {@code busQueueLimit} is how many publishes the Redis bus holds for the server (waiting for
     * a slow server, or on a cluster for a shard that is failing over) before it drops more.
     */
    public record Redis(String url, String keyPrefix, RedisMode mode, int statePartitions, int busQueueLimit) {

        /** The default number of state partitions on a Redis Cluster. */
        public static final int DEFAULT_STATE_PARTITIONS = 16;
        /** The default number of publishes the Redis bus holds before it drops more. */
        public static final int DEFAULT_BUS_QUEUE_LIMIT = 20_000;

        /** One Redis server. */
        public Redis(String url, String keyPrefix) {
            this(url, keyPrefix, RedisMode.STANDALONE, DEFAULT_STATE_PARTITIONS);
        }

        /** With the default bus queue limit. */
        public Redis(String url, String keyPrefix, RedisMode mode, int statePartitions) {
            this(url, keyPrefix, mode, statePartitions, DEFAULT_BUS_QUEUE_LIMIT);
        }
    }

    /** The NATS server of the bus (bus: nats). */
    public record Nats(String url, String subjectPrefix) {}
}
