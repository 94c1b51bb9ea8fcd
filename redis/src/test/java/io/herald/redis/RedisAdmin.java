package io.herald.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;

/** A plain connection for tests to look at, or wipe, what the queue wrote. */
record RedisAdmin(RedisClient client, StatefulRedisConnection<String, String> connection) implements AutoCloseable {

    static RedisAdmin connect(String url) {
        RedisClient client = RedisClient.create(url);
        return new RedisAdmin(client, client.connect());
    }

    List<String> keys(String pattern) {
        return connection.sync().keys(pattern);
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
