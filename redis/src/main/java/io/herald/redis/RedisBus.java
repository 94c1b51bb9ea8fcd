package io.herald.redis;

import io.herald.bus.Bus;
import io.herald.bus.BusCodec;
import io.herald.bus.BusCounters;
import io.herald.bus.BusException;
import io.herald.bus.BusInbox;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus over Redis pub/sub: one channel per topic ({@link RedisBusChannels}), sharded pub/sub
 * (SPUBLISH/SSUBSCRIBE) when the server has it (Redis 7.0 and later), classic PUBLISH/SUBSCRIBE
 * before. Two connections: one publishes, one holds the subscriptions, so a burst of outgoing
 * messages never delays incoming ones.
 *
 * <p>Both reconnect by themselves with a backoff (50 ms doubling to 2 s). The bus reports
 * disconnected as soon as either drops, and connected again once both are back and the subscriber
 * holds every current interest again ({@link RedisSubscriptions#relink()}); a subscription the
 * server refuses while connected is set right the same way, every second until it works. Publishing while the
 * publisher is down, or with {@code cluster.redis.bus-queue-limit} publishes already waiting for
 * the server, drops the message and counts it: nothing is buffered for later.
 *
 * <p>Lock order: {@code state} may be held while calling {@link BusInbox#connectionChanged};
 * {@link RedisSubscriptions} never calls out holding its own lock.
 */
public final class RedisBus implements Bus {

    /** Which pub/sub commands to use; {@link #AUTO} asks the server. */
    public enum PubSub { AUTO, SHARDED, CLASSIC }

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RESUBSCRIBE_RETRY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final String nodeId;
    private final BusCounters counters;
    private final RedisBusChannels channels;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, byte[]> publisher;
    private final RedisAsyncCommands<String, byte[]> publish;
    private final StatefulRedisPubSubConnection<String, byte[]> subscriber;
    private final boolean sharded;
    private final RedisSubscriptions subscriptions;
    private final BusInbox inbox;

    private final Object state = new Object();
    private volatile boolean publisherUp = true;
    private boolean subscriberUp = true;
    private long subscriberGeneration;
    private final AtomicBoolean repairScheduled = new AtomicBoolean();
    private volatile boolean closed;

    /** Connects to {@code config.url()}, choosing sharded pub/sub when the server has it. */
    public RedisBus(ClusterConfig.Redis config, String nodeId, BusCounters counters) {
        this(config, nodeId, counters, PubSub.AUTO, DEFAULT_TIMEOUT);
    }

    /** Connects with the given pub/sub commands; a command to the server fails after {@code timeout}. */
    public RedisBus(ClusterConfig.Redis config, String nodeId, BusCounters counters, PubSub pubSub, Duration timeout) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.channels = RedisBusChannels.of(config.keyPrefix());
        this.resources = DefaultClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(config.url());
        uri.setTimeout(RedisClients.setupTimeout(timeout));
        this.client = RedisClient.create(resources, uri);
        client.setOptions(options(timeout, config.busQueueLimit()));
        RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
        try {
            this.publisher = client.connect(codec);
            this.publish = publisher.async();
            this.sharded = usesSharded(pubSub, publisher);
            this.subscriber = client.connectPubSub(codec);
        } catch (RedisException e) {
            shutdownClient();
            throw new BusException("cannot connect the Redis bus to " + uri.getHost() + ":" + uri.getPort() + ": " + e.getMessage(), e);
        } catch (BusException e) {
            shutdownClient();
            throw e;
        }
        this.subscriptions = new RedisSubscriptions(subscriber, channels, sharded, this::repairSubscriptions);
        this.inbox = new BusInbox(name(), nodeId, counters, subscriptions::interested);
        subscriber.addListener(new RedisPubSubAdapter<String, byte[]>() {
            @Override
            public void message(String channel, byte[] payload) {
                inbox.receive(payload);
            }

            @Override
            public void smessage(String channel, byte[] payload) {
                inbox.receive(payload);
            }
        });
        publisher.addListener(new ConnectionWatch(true));
        subscriber.addListener(new ConnectionWatch(false));
        log.info("redis bus: node {} on {}:{} with {} pub/sub under '{}'", nodeId, uri.getHost(), uri.getPort(),
                sharded ? "sharded" : "classic", channels.prefix());
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    public BusCounters counters() {
        return counters;
    }

    /** Whether it publishes with SPUBLISH and subscribes with SSUBSCRIBE. */
    public boolean sharded() {
        return sharded;
    }

    @Override
    public void start(BusListener listener) {
        inbox.start(listener);
    }

    @Override
    public void publish(BusMessage message) {
        if (!publisherUp || closed) {
            counters.countDropped();
            return;
        }
        byte[] payload = BusCodec.encode(message);
        String channel = channels.of(message.topic());
        try {
            CompletionStage<Long> sent = sharded ? publish.spublish(channel, payload) : publish.publish(channel, payload);
            sent.whenComplete((receivers, failure) -> {
                if (failure == null) {
                    counters.countPublished();
                } else {
                    dropped(failure);
                }
            });
        } catch (RuntimeException e) {
            dropped(e);
        }
    }

    @Override
    public CompletionStage<Void> addInterest(BusTopic topic) {
        return subscriptions.add(topic);
    }

    @Override
    public void removeInterest(BusTopic topic) {
        subscriptions.remove(topic);
    }

    @Override
    public boolean connected() {
        return !closed && inbox.connected();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownClient();
    }

    @Override
    public String toString() {
        return "RedisBus[" + nodeId + ", " + channels.prefix() + (sharded ? ", sharded" : ", classic") + "]";
    }

    private void dropped(Throwable failure) {
        counters.countDropped();
        long failed = counters.dropped();
        if (publisherUp && BusCounters.worthLogging(failed)) {
            log.warn("redis bus: a publish failed ({} dropped so far): {}", failed, failure.toString());
        }
    }

    /** Tracks one connection; the bus is connected when the publisher is up and the subscriber up and resubscribed. */
    private final class ConnectionWatch implements RedisConnectionStateListener {

        private final boolean isPublisher;

        ConnectionWatch(boolean isPublisher) {
            this.isPublisher = isPublisher;
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
            if (isPublisher) {
                synchronized (state) {
                    publisherUp = true;
                    report();
                }
            } else {
                long generation;
                synchronized (state) {
                    generation = ++subscriberGeneration;
                }
                resubscribe(generation);
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (!isPublisher) {
                subscriptions.unlink();
            }
            synchronized (state) {
                if (isPublisher) {
                    publisherUp = false;
                } else {
                    subscriberGeneration++;
                    subscriberUp = false;
                }
                report();
            }
        }
    }

    /** Brings the server's subscriptions back in line; the bus is connected once that is done. */
    private void resubscribe(long generation) {
        subscriptions.relink().whenComplete((v, failure) -> {
            synchronized (state) {
                if (generation != subscriberGeneration || closed) {
                    return;
                }
                if (failure == null) {
                    subscriberUp = true;
                    report();
                    return;
                }
            }
            log.warn("redis bus: resubscribing failed, retrying in {} ms: {}", RESUBSCRIBE_RETRY.toMillis(), failure.toString());
            resources.eventExecutorGroup().schedule(() -> {
                if (generation == currentGeneration()) {
                    resubscribe(generation);
                }
            }, RESUBSCRIBE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * A subscribe or unsubscribe failed with the connection up: after a pause, brings the server's
     * subscriptions in line as after a reconnection (retrying until it works). Failures close
     * together share one repair; a reconnection meanwhile makes it unnecessary.
     */
    private void repairSubscriptions() {
        if (closed || !repairScheduled.compareAndSet(false, true)) {
            return;
        }
        long generation = currentGeneration();
        resources.eventExecutorGroup().schedule(() -> {
            repairScheduled.set(false);
            boolean stillUp;
            synchronized (state) {
                // Down or reconnected meanwhile: the reconnection relinks everything anyway.
                stillUp = generation == subscriberGeneration && subscriberUp && !closed;
            }
            if (stillUp) {
                resubscribe(generation);
            }
        }, RESUBSCRIBE_RETRY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private long currentGeneration() {
        synchronized (state) {
            return subscriberGeneration;
        }
    }

    /** Called holding {@code state}. */
    private void report() {
        if (!closed) {
            inbox.connectionChanged(publisherUp && subscriberUp);
        }
    }

    private static ClientOptions options(Duration timeout, int queueLimit) {
        return ClientOptions.builder()
                .autoReconnect(true)
                // Nothing is queued while disconnected: a message published then is dropped, not sent late.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(queueLimit)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(RedisClients.setupTimeout(timeout))
                        // A subscriber connection only reads; keepalive is what notices a silently dead peer.
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                                .idle(Duration.ofSeconds(15)).interval(Duration.ofSeconds(5)).count(3).build())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
    }

    /** SPUBLISH exists from Redis 7.0; COMMAND INFO answers nil for a command the server lacks. */
    private static boolean usesSharded(PubSub pubSub, StatefulRedisConnection<String, byte[]> connection) {
        if (pubSub == PubSub.CLASSIC) {
            return false;
        }
        List<Object> info = connection.sync().commandInfo("SPUBLISH");
        boolean available = !info.isEmpty() && info.getFirst() != null;
        if (pubSub == PubSub.SHARDED && !available) {
            throw new BusException("the Redis bus was asked for sharded pub/sub, which this server lacks (it needs Redis 7.0 or later)");
        }
        return available;
    }

    private void shutdownClient() {
        RedisClients.shutdown(client);
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
