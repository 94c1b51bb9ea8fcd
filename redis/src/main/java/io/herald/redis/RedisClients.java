package io.herald.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client as every Redis driver here uses one: a small thread pool of its own, reconnecting
 * by itself with a short backoff, and failing every command at once while disconnected and after
 * {@code timeout} otherwise, so that no call waits on a server that is gone.
 */
record RedisClients(ClientResources resources, RedisClient client, RedisURI uri) {

    /**
     * Opening a connection (TCP connect and handshake) may take longer than a command: a node
     * starting on a busy machine must not give up on a Redis that is there.
     */
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(15);

    /** The longer of a command timeout and the time allowed to open a connection. */
    static Duration setupTimeout(Duration commandTimeout) {
        return commandTimeout.compareTo(SETUP_TIMEOUT) > 0 ? commandTimeout : SETUP_TIMEOUT;
    }

    static RedisClients create(String url, Duration timeout) {
        ClientResources resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(setupTimeout(timeout));
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(setupTimeout(timeout)).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return new RedisClients(resources, client, uri);
    }

    /** host:port, for messages. */
    String address() {
        return uri.getHost() + ":" + uri.getPort();
    }

    void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
