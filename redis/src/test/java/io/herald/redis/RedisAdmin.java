package io.herald.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;

/** A plain connection for tests to look at, or wipe, what the queue and the bus wrote. */
record RedisAdmin(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {

    static RedisAdmin connect(String url) {
        RedisClient client = RedisClient.create(url);
        return new RedisAdmin(client, client.connect());
    }

    List<String> keys(String pattern) {
        return connection.sync().keys(pattern);
    }

    /** Channels with classic subscribers matching {@code pattern}. */
    List<String> channels(String pattern) {
        return connection.sync().pubsubChannels(pattern);
    }

    /** Channels with sharded subscribers matching {@code pattern}. */
    List<String> shardChannels(String pattern) {
        return connection.sync().pubsubShardChannels(pattern);
    }

    /** Publishes raw bytes, as something other than a bus could. */
    void publish(String channel, byte[] payload, boolean sharded) {
        try (var raw = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE))) {
            if (sharded) {
                raw.sync().spublish(channel, payload);
            } else {
                raw.sync().publish(channel, payload);
            }
        }
    }

    void flushall() {
        connection.sync().flushall();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
