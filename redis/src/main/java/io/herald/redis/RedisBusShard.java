package io.herald.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriber connection of a {@link RedisClusterBus} to one primary of a Redis Cluster,
 * holding the sharded subscriptions (SSUBSCRIBE) of the channels whose slots that primary serves.
 *
 * <p>It is up while connected and every interest it holds is subscribed: after a reconnection,
 * or a subscription the server refused, it subscribes everything again
 * ({@link RedisSubscriptions#relink()}), every second until that works, and reports the change.
 */
final class RedisBusShard {

    private static final Logger log = LoggerFactory.getLogger(RedisBusShard.class);
    private static final Duration RESUBSCRIBE_RETRY = Duration.ofSeconds(1);

    private final String redisNodeId;
    private final String address;
    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final RedisSubscriptions subscriptions;
    private final ClientResources resources;
    private final Runnable changed;
    private final Object state = new Object();
    private boolean up = true;
    private long generation;
    private volatile boolean closed;

    /**
     * @param received told every message, on Lettuce's threads
     * @param changed told when the shard went up or down
     * @param moved told when the server dropped a subscription still wanted: its slot left this primary
     */
    RedisBusShard(String redisNodeId, String address, StatefulRedisPubSubConnection<String, byte[]> connection,
            RedisBusChannels channels, ClientResources resources, Consumer<byte[]> received, Runnable changed, Runnable moved) {
        this.redisNodeId = redisNodeId;
        this.address = address;
        this.connection = connection;
        this.resources = resources;
        this.changed = changed;
        this.subscriptions = new RedisSubscriptions(connection, channels, true, this::repair);
        connection.addListener(new RedisPubSubAdapter<String, byte[]>() {
            @Override
            public void smessage(String channel, byte[] payload) {
                received.accept(payload);
            }

            @Override
            public void sunsubscribed(String channel, long count) {
                // Redis unsubscribes the clients of a slot that moved to another node.
                if (subscriptions.wants(channel)) {
                    moved.run();
                }
            }
        });
        connection.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress socket) {
                resubscribe(nextGeneration(false));
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                subscriptions.unlink();
                nextGeneration(false);
                changed.run();
            }
        });
    }

    String redisNodeId() {
        return redisNodeId;
    }

    RedisSubscriptions subscriptions() {
        return subscriptions;
    }

    /** Connected, with every interest subscribed. */
    boolean up() {
        synchronized (state) {
            return up && !closed;
        }
    }

    void close() {
        closed = true;
        connection.closeAsync();
    }

    @Override
    public String toString() {
        return "RedisBusShard[" + redisNodeId + " at " + address + "]";
    }

    private long nextGeneration(boolean nowUp) {
        synchronized (state) {
            up = nowUp;
            return ++generation;
        }
    }

    private void resubscribe(long expected) {
        subscriptions.relink().whenComplete((v, failure) -> {
            synchronized (state) {
                if (expected != generation || closed) {
                    return;
                }
                if (failure == null) {
                    up = true;
                }
            }
            if (failure == null) {
                changed.run();
                return;
            }
            log.warn("redis bus: resubscribing on {} failed, retrying in {} ms: {}", address, RESUBSCRIBE_RETRY.toMillis(),
                    failure.toString());
            schedule(() -> resubscribe(expected));
        });
    }

    /** A change the server refused while connected: subscribes everything again after a pause. */
    private void repair() {
        long expected;
        synchronized (state) {
            expected = generation;
        }
        schedule(() -> resubscribe(expected));
    }

    private void schedule(Runnable task) {
        if (!closed) {
            resources.eventExecutorGroup().schedule(task, RESUBSCRIBE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }
}
