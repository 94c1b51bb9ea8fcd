package io.herald.config;

/**
 * Running many nodes as one service: the shared state in Redis and the bus between nodes. Times
 * in milliseconds.
 */
public record ClusterConfig(boolean enabled, BusDriver bus, String nodeId, int heartbeat, int lease,
        Redis redis, Nats nats) {

    /** How nodes pass events to each other. */
    public enum BusDriver { REDIS, NATS }

    /** The Redis server of the shared state (and of the bus, with bus: redis). */
    public record Redis(String url, String keyPrefix) {}

    /** The NATS server of the bus (bus: nats). */
    public record Nats(String url, String subjectPrefix) {}
}
