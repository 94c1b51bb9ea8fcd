package io.herald.config;

import java.util.List;

/** Webhook pipeline settings shared by every app: queue, batching, debounce, sender. */
public record WebhooksConfig(
        QueueDriver queue,
        String dataDir,
        int batchMaxEvents,
        int batchMaxWait,
        int debounce,
        RedisQueue redis,
        NatsQueue nats,
        Sender sender,
        EndpointDefaults endpointDefaults) {

    /** The keys every app's webhook endpoint inherits; merged into each endpoint by the loader. */
    public record EndpointDefaults(
            java.util.List<String> eventTypes,
            String channelPrefix,
            String channelSuffix,
            java.util.Map<String, String> headers,
            String standardWebhooksSecret) {}


    /** Where webhook jobs wait for a sender. */
    public enum QueueDriver { SQLITE, REDIS, NATS }

    /**
     * Redis Streams queue: the server (with {@code mode} CLUSTER, a Redis Cluster's seed nodes,
     * comma-separated) and the prefix of every key Herald writes.
     */
    public record RedisQueue(String url, String keyPrefix, RedisMode mode) {

        /** One Redis server. */
        public RedisQueue(String url, String keyPrefix) {
            this(url, keyPrefix, RedisMode.STANDALONE);
        }
    }

    /** NATS JetStream queue: the server and the name of the stream Herald creates. */
    public record NatsQueue(String url, String stream) {}

    /**
     * Delivery settings. Times in milliseconds. {@code retryDelays} is the backoff schedule (the
     * last delay repeats) to which up to {@code jitter} (a fraction) is added; a job still failing
     * {@code retryWindow} after it was created goes to the dead letters. An endpoint's breaker opens
     * after {@code breakerFailures} failures in a row and probes it after
     * {@code breakerProbeDelay}, doubling the pause after each failed probe up to
     * {@code breakerProbeMaxDelay}.
     */
    public record Sender(
            boolean enabled,
            int concurrency,
            int perEndpointConcurrency,
            int timeout,
            List<Integer> retryDelays,
            int retryWindow,
            double jitter,
            int lease,
            int breakerFailures,
            int breakerProbeDelay,
            int breakerProbeMaxDelay,
            boolean blockPrivateNetworks) {

        public Sender {
            retryDelays = List.copyOf(retryDelays);
        }
    }
}
