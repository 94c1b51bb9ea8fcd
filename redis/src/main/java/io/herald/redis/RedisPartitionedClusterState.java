package io.herald.redis;

import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterStateException;
import io.herald.cluster.NodeSnapshot;
import io.herald.cluster.ReassertionStoppedException;
import io.herald.cluster.Transition;
import io.herald.concurrent.Futures;
import io.herald.config.ClusterConfig;
import io.lettuce.core.RedisException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.zip.CRC32;

/**
 * The cluster state on a Redis Cluster: {@code cluster.redis.state-partitions} independent
 * {@link RedisClusterState}s on one cluster connection, each under a hash tag of its own
 * ({@code {PREFIX:N}:state:}), so each lives on the shard serving its tag's slot and the
 * partitions spread over the shards.
 *
 * <p>Every atomic decision stays in one partition: a channel's subscriptions, its presence
 * members, versions and cached event go to the partition of (app, channel); a user's signed-in
 * connections to the partition of (app, user). So each script still runs whole on one shard, and a
 * hot app spreads over every partition; one hot channel stays on one shard.
 *
 * <p>What spans partitions is done partition by partition, each step atomic in its partition and
 * the whole not atomic: a lease is renewed in every partition (true only when every partition
 * still had the node's part), a dead node is claimed through partition 0 and then in each other
 * partition, and cleaned up partition by partition (each partition's claim is exclusive, so every
 * removal is still reported once; see {@link #claimExpiredNode()}), a re-assertion
 * runs in every partition, and listing an app's occupied channels merges the partitions' lists,
 * each read at its own moment. A partition that lost its data (its shard failed over to a replica
 * that had not received the last writes, or restarted empty) recovers alone, as one Redis server
 * would: reads and changes of channels and users in it answer "recovering" for two leases.
 * Connections per app are read from partition 0, which every renewal writes as every partition does.
 */
public final class RedisPartitionedClusterState implements ClusterState {

    private final String nodeId;
    private final RedisClients clients;
    private final List<RedisClusterState> partitions;
    private final Duration lease;
    /** When the other partitions were last searched for long-expired nodes (System.nanoTime); once per lease is enough. */
    private final AtomicLong lastLongExpiredSearch = new AtomicLong(System.nanoTime());
    /** Dead node → the partitions in which this node claimed it and has not finished cleaning it up. */
    private final Map<String, Set<Integer>> cleaning = new ConcurrentHashMap<>();

    /** Node {@code nodeId} of the cluster {@code config} describes, with its lease and the default timeout. */
    public RedisPartitionedClusterState(ClusterConfig config, String nodeId) {
        this(config.redis(), nodeId, Duration.ofMillis(config.lease()), RedisClusterState.DEFAULT_TIMEOUT,
                RedisClusterState.DEFAULT_REASSERT_BATCH);
    }

    /** Connects to the cluster {@code redis} names; fails with {@link ClusterStateException} when no seed answers. */
    RedisPartitionedClusterState(ClusterConfig.Redis redis, String nodeId, Duration lease, Duration timeout, int reassertBatch) {
        this.nodeId = nodeId;
        this.lease = lease;
        this.clients = RedisClusterState.openClients(redis, timeout);
        try {
            this.partitions = IntStream.range(0, Math.max(1, redis.statePartitions()))
                    .mapToObj(i -> new RedisClusterState(clients, false, RedisClusterState.keyBase(redis, i), nodeId, lease, reassertBatch))
                    .toList();
        } catch (RuntimeException e) {
            clients.shutdown();
            throw e instanceof RedisException ? new ClusterStateException("cannot open the Redis cluster state at "
                    + clients.address() + ": " + e.getMessage(), e) : e;
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** How many partitions the state is split into. */
    int partitionCount() {
        return partitions.size();
    }

    /** The partition of a channel's subscriptions, members and cached event. */
    int channelPartition(String appId, String channel) {
        return partitionOf(appId, 'c', channel);
    }

    /** The partition of a user's signed-in connections. */
    int userPartition(String appId, String userId) {
        return partitionOf(appId, 'u', userId);
    }

    private int partitionOf(String appId, char kind, String name) {
        return partitionOf(appId, kind, name, partitions.size());
    }

    private static int partitionOf(String appId, char kind, String name, int partitions) {
        CRC32 crc = new CRC32();
        crc.update(appId.getBytes(StandardCharsets.UTF_8));
        crc.update(kind);
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /**
     * A key of the partition holding a channel's state on the Redis Cluster {@code redis}
     * describes: its slot (CLUSTER KEYSLOT) names the shard that decides for the channel.
     */
    public static String channelStateKey(ClusterConfig.Redis redis, String appId, String channel) {
        int partition = partitionOf(appId, 'c', channel, Math.max(1, redis.statePartitions()));
        return RedisClusterState.keyBase(redis, partition) + "nodes";
    }

    private RedisClusterState channel(String appId, String channel) {
        return partitions.get(channelPartition(appId, channel));
    }

    private RedisClusterState user(String appId, String userId) {
        return partitions.get(userPartition(appId, userId));
    }

    // ---- lease --------------------------------------------------------------------------------

    @Override
    public CompletionStage<Boolean> renewLease(Map<String, Integer> connectionsByApp) {
        return all(partitions, part -> part.renewLease(connectionsByApp))
                .thenApply(renewed -> renewed.stream().allMatch(Boolean::booleanValue));
    }

    /**
     * Claims a dead node in partition 0, which decides: its one winner then claims the same node in
     * every other partition, where nobody alive holds it (its lease there, renewed a few ms apart
     * from partition 0's, is not looked at). So exactly one node gets a dead node, as
     * on one server. Partitions other than 0 are also searched on their own, but only for nodes
     * expired for more than a lease (by then partition 0's winner holds them), at most once per
     * lease: a node partition 0 does not know (it lost its data) is still cleaned up everywhere else.
     * Partition 0 gives this node back a claim of its own until the clean-up is done; claiming it
     * again in the other partitions then picks up those whose claim had failed or lost its reply.
     */
    @Override
    public CompletionStage<Optional<String>> claimExpiredNode() {
        return partitions.getFirst().claimExpiredNode().thenCompose(dead -> {
            if (dead.isPresent()) {
                return claimEverywhere(dead.get()).thenApply(v -> dead);
            }
            long now = System.nanoTime();
            long last = lastLongExpiredSearch.get();
            if (now - last < lease.toNanos() || !lastLongExpiredSearch.compareAndSet(last, now)) {
                return CompletableFuture.completedFuture(Optional.<String>empty());
            }
            return claimLongExpired();
        });
    }

    private CompletableFuture<Void> claimEverywhere(String dead) {
        Set<Integer> held = holding(dead);
        held.add(0);
        List<CompletableFuture<Void>> claims = IntStream.range(1, partitions.size())
                .mapToObj(i -> partitions.get(i).claimExpired(dead).toCompletableFuture()
                        .thenAccept(claimed -> claimed.ifPresent(id -> held.add(i))))
                .toList();
        // A partition that failed to answer is searched again by a later call, once the node is long expired there.
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).exceptionally(failure -> null);
    }

    /**
     * A node alive in partition 0 is spared: its lease ran out only in a partition whose shard it
     * cannot reach yet (its client has not found the primary promoted there), and it re-asserts
     * there once it does.
     */
    private CompletableFuture<Optional<String>> claimLongExpired() {
        return partitions.getFirst().liveNodeIds().toCompletableFuture().thenCompose(this::claimLongExpired);
    }

    private CompletableFuture<Optional<String>> claimLongExpired(List<String> aliveInPartition0) {
        Set<String> claimed = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> claims = IntStream.range(1, partitions.size())
                .mapToObj(i -> partitions.get(i).claimLongExpired(lease, aliveInPartition0).toCompletableFuture()
                        .thenAccept(found -> found.ifPresent(id -> {
                            holding(id).add(i);
                            claimed.add(id);
                        })))
                .toList();
        return CompletableFuture.allOf(claims.toArray(CompletableFuture[]::new)).handle((v, failure) -> {
            Optional<String> next = claimed.stream().findFirst();
            if (next.isEmpty() && failure != null) {
                Throwable cause = Futures.unwrap(failure);
                throw new ClusterStateException("Redis cluster state: claim expired node failed: " + cause.getMessage(), cause);
            }
            return next;
        });
    }

    private Set<Integer> holding(String dead) {
        return cleaning.computeIfAbsent(dead, id -> ConcurrentHashMap.newKeySet());
    }

    /**
     * Cleans up {@code nodeId} partition by partition, in the partitions where this node claimed it
     * (every partition for this node itself, leaving): one atomic step after the other, while
     * fewer than {@code limit} transitions were reported, so a call reports at most {@code limit}.
     * Done once every partition is. A step that fails ends the call with the transitions of the
     * steps before it (their entries are gone, so they are reported now); when the first fails, the call does.
     */
    @Override
    public CompletionStage<Cleanup> cleanUp(String nodeId, int limit) {
        Set<Integer> targets = cleaning.computeIfAbsent(nodeId, id -> {
            Set<Integer> every = ConcurrentHashMap.newKeySet();
            IntStream.range(0, partitions.size()).forEach(every::add);
            return every;
        });
        return cleanUpFrom(nodeId, targets, Math.max(1, limit), new ArrayList<>());
    }

    private CompletionStage<Cleanup> cleanUpFrom(String nodeId, Set<Integer> targets, int limit, List<Transition> reported) {
        // Partition 0 last: its claim (and the dead node's lease there) stands for the whole clean-up
        // until the end, so another node takes over the rest if this one dies half-way.
        Optional<Integer> next = targets.stream().min(Comparator.comparingInt(i -> i == 0 ? Integer.MAX_VALUE : i));
        if (next.isEmpty()) {
            cleaning.remove(nodeId, targets);
            return CompletableFuture.completedFuture(new Cleanup(reported, true));
        }
        if (reported.size() >= limit) {
            return CompletableFuture.completedFuture(new Cleanup(reported, false));
        }
        return partitions.get(next.get()).cleanUp(nodeId, limit - reported.size()).handle((step, failure) -> {
            if (failure != null) {
                if (reported.isEmpty()) {
                    return CompletableFuture.<Cleanup>failedFuture(Futures.unwrap(failure));
                }
                return CompletableFuture.completedFuture(new Cleanup(reported, false));
            }
            reported.addAll(step.transitions());
            if (!step.done()) {
                return CompletableFuture.completedFuture(new Cleanup(reported, false));
            }
            targets.remove(next.get());
            return cleanUpFrom(nodeId, targets, limit, reported);
        }).thenCompose(Function.identity());
    }

    /**
     * Re-asserts each partition's slice of {@code snapshot}, all at once. The result is restored
     * when a partition had lost its data, with the longest recovery; its transitions are those of
     * the partitions that had not (a restored one reports none). When a partition fails, the
     * failure carries the transitions of every partition that completed.
     */
    @Override
    public CompletionStage<Reassertion> reassert(NodeSnapshot snapshot) {
        List<NodeSnapshot> slices = slices(snapshot);
        List<CompletableFuture<Reassertion>> runs = IntStream.range(0, partitions.size())
                .mapToObj(i -> partitions.get(i).reassert(slices.get(i)).toCompletableFuture()).toList();
        return CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).handle((v, failure) -> {
            List<Transition> transitions = new ArrayList<>();
            boolean restored = false;
            long recovering = 0;
            Throwable firstFailure = null;
            for (CompletableFuture<Reassertion> run : runs) {
                if (run.isCompletedExceptionally()) {
                    Throwable cause = Futures.unwrap(run.handle((r, e) -> e).join());
                    if (cause instanceof ReassertionStoppedException stopped) {
                        transitions.addAll(stopped.applied());
                    }
                    firstFailure = firstFailure == null ? cause : firstFailure;
                    continue;
                }
                Reassertion reassertion = run.join();
                transitions.addAll(reassertion.transitions());
                restored |= reassertion.restored();
                recovering = Math.max(recovering, reassertion.recoveringMillis());
            }
            if (firstFailure != null) {
                throw new ReassertionStoppedException("Redis cluster state: re-assertion failed in a partition: "
                        + firstFailure.getMessage(), firstFailure, transitions);
            }
            return new Reassertion(transitions, restored, recovering);
        });
    }

    /** Each partition's part of {@code snapshot}; the connections per app go to every partition. */
    private List<NodeSnapshot> slices(NodeSnapshot snapshot) {
        int n = partitions.size();
        List<List<NodeSnapshot.ChannelEntry>> channels = lists(n);
        List<List<NodeSnapshot.MemberEntry>> members = lists(n);
        List<List<NodeSnapshot.UserEntry>> users = lists(n);
        snapshot.channels().forEach(e -> channels.get(channelPartition(e.appId(), e.channel())).add(e));
        snapshot.members().forEach(e -> members.get(channelPartition(e.appId(), e.channel())).add(e));
        snapshot.users().forEach(e -> users.get(userPartition(e.appId(), e.userId())).add(e));
        return IntStream.range(0, n)
                .mapToObj(i -> new NodeSnapshot(channels.get(i), members.get(i), users.get(i), snapshot.connectionsByApp()))
                .toList();
    }

    private static <T> List<List<T>> lists(int n) {
        List<List<T>> lists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    @Override
    public CompletionStage<OptionalLong> confirmDeparture(String appId, String channel, String userId) {
        return channel(appId, channel).confirmDeparture(appId, channel, userId);
    }

    @Override
    public CompletionStage<Occupancy> confirmUnsubscribed(String appId, String channel) {
        return channel(appId, channel).confirmUnsubscribed(appId, channel);
    }

    // ---- channels -----------------------------------------------------------------------------

    @Override
    public CompletionStage<Occupancy> subscribed(String appId, String channel) {
        return channel(appId, channel).subscribed(appId, channel);
    }

    @Override
    public CompletionStage<Occupancy> unsubscribed(String appId, String channel) {
        return channel(appId, channel).unsubscribed(appId, channel);
    }

    @Override
    public CompletionStage<ChannelCounts> channelCounts(String appId, String channel) {
        return channel(appId, channel).channelCounts(appId, channel);
    }

    /** Every partition's occupied channels, merged by name; each partition is read at its own moment. */
    @Override
    public CompletionStage<Map<String, ChannelCounts>> occupiedChannels(String appId, String prefix) {
        return all(partitions, part -> part.occupiedChannels(appId, prefix)).thenApply(lists -> {
            Map<String, ChannelCounts> merged = new TreeMap<>();
            lists.forEach(merged::putAll);
            return merged;
        });
    }

    // ---- presence -----------------------------------------------------------------------------

    @Override
    public CompletionStage<PresenceJoin> joinPresence(String appId, String channel, String userId, String userInfoJson,
            int maxMembers) {
        return channel(appId, channel).joinPresence(appId, channel, userId, userInfoJson, maxMembers);
    }

    @Override
    public CompletionStage<OptionalLong> leavePresence(String appId, String channel, String userId) {
        return channel(appId, channel).leavePresence(appId, channel, userId);
    }

    @Override
    public CompletionStage<Map<String, String>> presenceMembers(String appId, String channel) {
        return channel(appId, channel).presenceMembers(appId, channel);
    }

    // ---- users --------------------------------------------------------------------------------

    @Override
    public CompletionStage<Boolean> userSignedIn(String appId, String userId) {
        return user(appId, userId).userSignedIn(appId, userId);
    }

    @Override
    public CompletionStage<Boolean> userSignedOut(String appId, String userId) {
        return user(appId, userId).userSignedOut(appId, userId);
    }

    @Override
    public CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds) {
        Map<Integer, List<String>> byPartition = new HashMap<>();
        userIds.forEach(id -> byPartition.computeIfAbsent(userPartition(appId, id), k -> new ArrayList<>()).add(id));
        List<Map.Entry<Integer, List<String>>> asked = List.copyOf(byPartition.entrySet());
        return all(asked, entry -> partitions.get(entry.getKey()).onlineUsers(appId, entry.getValue())).thenApply(sets -> {
            Set<String> online = new HashSet<>();
            sets.forEach(online::addAll);
            return online;
        });
    }

    // ---- connections and cache ----------------------------------------------------------------

    @Override
    public CompletionStage<Map<String, Long>> connectionsByApp() {
        return partitions.getFirst().connectionsByApp();
    }

    /** From partition 0, where every node renews its lease and where dead nodes are decided. */
    @Override
    public CompletionStage<Integer> liveNodes() {
        return partitions.getFirst().liveNodes();
    }

    @Override
    public CompletionStage<Void> putCachedEvent(String appId, String channel, String event, String data, int ttlSeconds) {
        return channel(appId, channel).putCachedEvent(appId, channel, event, data, ttlSeconds);
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(String appId, String channel) {
        return channel(appId, channel).cachedEvent(appId, channel);
    }

    @Override
    public boolean connected() {
        return partitions.stream().allMatch(RedisClusterState::connected);
    }

    @Override
    public void close() {
        partitions.forEach(RedisClusterState::close);
        clients.shutdown();
    }

    @Override
    public String toString() {
        return "RedisPartitionedClusterState[" + partitions.size() + " partitions, node " + nodeId + "]";
    }

    /** Runs {@code call} on each item at once; completes with every result in order, or with the first failure. */
    private static <I, T> CompletableFuture<List<T>> all(List<I> items, Function<I, CompletionStage<T>> call) {
        List<CompletableFuture<T>> futures = items.stream().map(item -> call.apply(item).toCompletableFuture()).toList();
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }
}
