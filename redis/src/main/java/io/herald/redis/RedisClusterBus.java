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
import io.herald.config.RedisMode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus over a Redis Cluster's sharded pub/sub: the same channels as {@link RedisBus}
 * ({@link RedisBusChannels}), each published with SPUBLISH through the cluster connection, which
 * sends it to the primary serving the channel's slot, and subscribed with SSUBSCRIBE on a
 * connection of this node to that primary ({@link RedisBusShard}). A message thus crosses one
 * shard and reaches only the nodes interested in its channel; the shards share the traffic.
 *
 * <p>Where each channel lives comes from the cluster client's view of the slots, refreshed on
 * every redirection, reconnection and every few seconds, and at every check while a subscriber
 * connection is down (its primary may have failed over). The bus compares that view every
 * {@value #TOPOLOGY_CHECK_MILLIS} ms with the one its subscriptions follow, and at once when a primary
 * drops a subscription it still wants (Redis does when the channel's slot leaves it); when a failover or a
 * resharding moved slots, it unsubscribes the channels of those slots from their old primary and
 * subscribes them on the new one, and closes connections to nodes that no longer serve any slot.
 * A dropped channel whose slot the same primary serves at the check (it failed over and back, or
 * gave the slot up and took it back, between two looks) is subscribed there again: the view alone
 * would not show that anything changed. Messages published on a channel between the move and the resubscription are lost for this node,
 * as with any bus outage (the bus is at most once).
 *
 * <p>The bus is connected while the publishing connection is open and every shard connection is
 * up with all its subscriptions. Publishing never blocks: a message the cluster connection cannot
 * take (a shard's connection already holds {@code cluster.redis.bus-queue-limit} publishes, waiting
 * for a slow primary or one being failed over), or that fails, is dropped and counted.
 *
 * <p>Lock order: {@code following}, then this object's lock. {@code following} lets one thread at a
 * time follow the topology, and is held while it opens subscriber connections; this object's lock
 * guards the placement of interests and is never held while connecting, so adding an interest
 * or reporting never waits on a primary that is slow to answer. This object's lock may be held
 * while calling into {@link RedisSubscriptions} and {@link BusInbox}; neither calls back holding
 * its own.
 */
public final class RedisClusterBus implements Bus {

    static final long TOPOLOGY_CHECK_MILLIS = 500;
    private static final Logger log = LoggerFactory.getLogger(RedisClusterBus.class);

    private final String nodeId;
    private final BusCounters counters;
    private final RedisBusChannels channels;
    private final RedisClients clients;
    private final RedisClient subscriberClient;
    private final StatefulRedisClusterConnection<String, byte[]> publisher;
    private final RedisAdvancedClusterAsyncCommands<String, byte[]> publish;
    private final RedisCodec<String, byte[]> codec = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private final BusInbox inbox;
    private final Set<BusTopic> interests = ConcurrentHashMap.newKeySet();
    /** Guarded by this: the shard each interest is subscribed on, and the shards by Redis node id. */
    private final Map<BusTopic, RedisBusShard> assigned = new HashMap<>();
    private final Map<String, RedisBusShard> shards = new HashMap<>();
    /** Guarded by this: the slot owners the subscriptions follow. */
    private String[] owners = new String[SlotHash.SLOT_COUNT];
    /** Held by the one thread following the topology, while it connects to new primaries. */
    private final Object following = new Object();
    /**
     * Where the topology is followed: a thread of the bus's own. Following may open a subscriber
     * connection and wait for it, and Lettuce completes a connection on its I/O loops and event
     * executors; waiting on one of those, with the other waiting for this bus's lock, never ended
     * (a 6-node rolling restart hung a node that way, every event loop of its gateway waiting too).
     */
    private final ScheduledExecutorService topology = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("herald-redis-bus-topology").daemon().factory());
    private final ScheduledFuture<?> topologyCheck;
    private volatile boolean closed;

    /** Connects to the Redis Cluster whose seed nodes {@code config.url()} lists. */
    public RedisClusterBus(ClusterConfig.Redis config, String nodeId, BusCounters counters) {
        this(config, nodeId, counters, RedisBus.DEFAULT_TIMEOUT);
    }

    public RedisClusterBus(ClusterConfig.Redis config, String nodeId, BusCounters counters, Duration timeout) {
        this.nodeId = nodeId;
        this.counters = counters;
        this.channels = RedisBusChannels.of(config.keyPrefix());
        // Publishes waiting for a slow shard, or one failing over, are bounded as RedisBus bounds them.
        this.clients = RedisClients.create(config.url(), RedisMode.CLUSTER, timeout, config.busQueueLimit());
        this.subscriberClient = RedisClient.create(clients.resources());
        subscriberClient.setOptions(subscriberOptions(timeout));
        this.inbox = new BusInbox(name(), nodeId, counters, interests::contains);
        try {
            this.publisher = clients.clusterClient().connect(codec);
            this.publish = publisher.async();
            followTopology();
        } catch (RedisException e) {
            shutdownClients();
            throw new BusException("cannot connect the Redis bus to the cluster at " + clients.address() + ": " + e.getMessage(), e);
        }
        this.topologyCheck = topology.scheduleWithFixedDelay(this::checkTopology,
                TOPOLOGY_CHECK_MILLIS, TOPOLOGY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
        log.info("redis bus: node {} on the Redis Cluster at {} with sharded pub/sub under '{}'", nodeId, clients.address(),
                channels.prefix());
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void start(BusListener listener) {
        inbox.start(listener);
        report();
    }

    @Override
    public void publish(BusMessage message) {
        if (closed || !publisher.isOpen()) {
            counters.countDropped();
            return;
        }
        try {
            publish.spublish(channels.of(message.topic()), BusCodec.encode(message)).whenComplete((receivers, failure) -> {
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
        synchronized (this) {
            if (closed || !interests.add(topic)) {
                return CompletableFuture.completedFuture(null);
            }
            RedisBusShard shard = shardFor(topic);
            if (shard == null) {
                // Its primary has no connection yet: a check connects it and places the interest.
                checkTopologySoon();
                return CompletableFuture.completedFuture(null);
            }
            assigned.put(topic, shard);
            return shard.subscriptions().add(topic);
        }
    }

    @Override
    public void removeInterest(BusTopic topic) {
        synchronized (this) {
            if (!interests.remove(topic)) {
                return;
            }
            RedisBusShard shard = assigned.remove(topic);
            if (shard != null) {
                shard.subscriptions().remove(topic);
            }
        }
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
        topologyCheck.cancel(false);
        topology.shutdown();
        synchronized (this) {
            shards.values().forEach(RedisBusShard::close);
            shards.clear();
        }
        shutdownClients();
    }

    @Override
    public String toString() {
        return "RedisClusterBus[" + nodeId + ", " + channels.prefix() + "]";
    }

    /** The primaries this node holds a subscriber connection to, for tests. */
    synchronized Set<String> shardNodeIds() {
        return Set.copyOf(shards.keySet());
    }

    private void checkTopology() {
        try {
            if (closed) {
                return;
            }
            followTopology();
            boolean shardDown;
            synchronized (this) {
                shardDown = shards.values().stream().anyMatch(shard -> !shard.up());
            }
            if (shardDown) {
                // A primary that went away may have been replaced: ask now rather than at the next periodic refresh.
                clients.clusterClient().refreshPartitionsAsync();
            }
            report();
        } catch (RuntimeException e) {
            log.warn("redis bus: following the cluster's topology failed: {}", e.toString());
        }
    }

    /**
     * Connects to every primary (so that adding an interest never waits for a connection), moves
     * every interest whose slot changed owner, subscribes interests not yet placed, and drops
     * shards that serve nothing. Connects outside this object's lock, then places under it.
     */
    private void followTopology() {
        synchronized (following) {
            String[] now = slotOwners(clients.clusterClient().getPartitions());
            Set<String> unconnected;
            synchronized (this) {
                boolean moved = !Arrays.equals(now, owners);
                boolean dropped = shards.values().stream().anyMatch(shard -> shard.subscriptions().hasDropped());
                if (closed || !moved && !dropped && assigned.size() == interests.size() && shards.keySet().containsAll(serving(now))) {
                    return;
                }
                unconnected = new HashSet<>(serving(now));
                unconnected.removeAll(shards.keySet());
            }
            Map<String, RedisBusShard> opened = new HashMap<>();
            unconnected.forEach(owner -> connect(owner).ifPresent(shard -> opened.put(owner, shard)));
            synchronized (this) {
                if (closed) {
                    opened.values().forEach(RedisBusShard::close);
                    return;
                }
                // Only this thread adds shards (it holds following), so none of these is there yet.
                shards.putAll(opened);
                place(now);
                // What a primary dropped and still serves as far as this node sees: subscribed there again.
                shards.values().forEach(shard -> shard.subscriptions().resubscribeDropped());
            }
        }
    }

    /** Called holding this: follows {@code now}'s owners with the shards connected so far. */
    private void place(String[] now) {
        owners = now;
        for (BusTopic topic : interests) {
            RedisBusShard current = assigned.get(topic);
            RedisBusShard target = shardFor(topic);
            if (target == current) {
                continue;
            }
            if (current != null) {
                current.subscriptions().remove(topic);
            }
            if (target == null) {
                assigned.remove(topic);
            } else {
                assigned.put(topic, target);
                target.subscriptions().add(topic);
            }
        }
        Set<String> serving = serving(owners);
        shards.values().removeIf(shard -> {
            if (serving.contains(shard.redisNodeId())) {
                return false;
            }
            log.info("redis bus: {} serves no slot any more; closing its subscriber connection", shard);
            shard.close();
            return true;
        });
    }

    /** An interest whose primary has no connection yet: the bus's own thread connects it (see topology). */
    private void checkTopologySoon() {
        try {
            topology.execute(this::checkTopology);
        } catch (RejectedExecutionException closing) {
            // The bus is closing: nothing to follow any more.
        }
    }

    /**
     * A shard's connection went down or came back: reported on the bus's own thread, as Lettuce
     * calls this on an I/O loop that a connection being opened by the topology thread may need.
     */
    private void reportSoon() {
        try {
            topology.execute(this::report);
        } catch (RejectedExecutionException closing) {
            // The bus is closing: there is nothing left to report.
        }
    }

    /** A primary dropped a subscription we want: a slot moved. Learns the new topology now rather than at the next refresh. */
    private void slotsMoved() {
        if (!closed) {
            // On the bus's own thread, not on the Lettuce thread that completes the refresh: see topology.
            clients.clusterClient().refreshPartitionsAsync().thenRunAsync(this::checkTopology, topology);
        }
    }

    private static Set<String> serving(String[] owners) {
        return Set.copyOf(Arrays.stream(owners).filter(owner -> owner != null).toList());
    }

    /**
     * Called holding this: the shard of the primary serving the topic's slot; null when none serves
     * it or it has no connection yet.
     */
    private RedisBusShard shardFor(BusTopic topic) {
        String owner = owners[SlotHash.getSlot(channels.of(topic))];
        return owner == null ? null : shards.get(owner);
    }

    /** Called holding {@link #following} only: a new subscriber connection to a primary; empty when it cannot be reached now. */
    private Optional<RedisBusShard> connect(String owner) {
        RedisClusterNode node = clients.clusterClient().getPartitions().getPartitionByNodeId(owner);
        if (node == null) {
            return Optional.empty();
        }
        RedisURI uri = node.getUri();
        try {
            return Optional.of(new RedisBusShard(owner, uri.getHost() + ":" + uri.getPort(),
                    subscriberClient.connectPubSub(codec, subscriberUri(uri)), channels, clients.resources(), inbox::receive,
                    this::reportSoon, this::slotsMoved));
        } catch (RedisException e) {
            // Tried again at the next check: the interests of its slots stay unplaced until then.
            log.warn("redis bus: cannot connect to {}:{} yet: {}", uri.getHost(), uri.getPort(), e.toString());
            return Optional.empty();
        }
    }

    /** The node's address with the seed's credentials and TLS settings. */
    private RedisURI subscriberUri(RedisURI node) {
        RedisURI seed = clients.seed();
        RedisURI uri = RedisURI.builder(seed).withHost(node.getHost()).withPort(node.getPort()).build();
        uri.setTimeout(seed.getTimeout());
        return uri;
    }

    private static String[] slotOwners(Partitions partitions) {
        String[] owners = new String[SlotHash.SLOT_COUNT];
        for (int slot = 0; slot < owners.length; slot++) {
            RedisClusterNode node = partitions.getMasterBySlot(slot);
            owners[slot] = node == null ? null : node.getNodeId();
        }
        return owners;
    }

    private void report() {
        if (closed) {
            return;
        }
        boolean up;
        synchronized (this) {
            up = publisher.isOpen() && assigned.size() == interests.size() && shards.values().stream().allMatch(RedisBusShard::up);
        }
        inbox.connectionChanged(up);
    }

    private void dropped(Throwable failure) {
        counters.countDropped();
        long failed = counters.dropped();
        if (BusCounters.worthLogging(failed)) {
            log.warn("redis bus: a publish failed ({} dropped so far): {}", failed, failure.toString());
        }
    }

    private static ClientOptions subscriberOptions(Duration timeout) {
        return ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(RedisClients.setupTimeout(timeout))
                        // A subscriber connection only reads; keepalive is what notices a silently dead peer.
                        .keepAlive(SocketOptions.KeepAliveOptions.builder().enable()
                                .idle(Duration.ofSeconds(15)).interval(Duration.ofSeconds(5)).count(3).build())
                        .build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build();
    }

    private void shutdownClients() {
        RedisClients.shutdown(subscriberClient);
        clients.shutdown();
    }
}
