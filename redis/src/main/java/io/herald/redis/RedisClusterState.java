package io.herald.redis;

import static io.herald.redis.StateReplies.list;

import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterStateException;
import io.herald.cluster.NodeSnapshot;
import io.herald.cluster.ReassertionStoppedException;
import io.herald.cluster.StateRecoveringException;
import io.herald.cluster.Transition;
import io.herald.concurrent.Futures;
import io.herald.config.ClusterConfig;
import io.herald.config.RedisMode;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The cluster state in one Redis server (a primary, with replicas or Sentinel if wanted), or one
 * partition of it on a Redis Cluster ({@link RedisPartitionedClusterState}), all its keys then
 * under one hash tag so that every script finds them on one shard. Every change is one Lua script from
 * {@link RedisStateScripts} (a re-assertion a few, see {@link #reassert}), which also documents the keys, all under {@code PREFIX:state:}. Lease
 * times are judged by the server's clock (TIME inside the scripts), so the nodes' clocks need not
 * agree.
 *
 * <p>One connection carries every call of this node, in the order they were made. Lettuce
 * reconnects by itself; while it is disconnected, and when the server does not answer within the
 * command timeout, futures fail with {@link ClusterStateException} instead of waiting, and
 * {@link #connected()} is false. Scripts the server no longer has (restarted, failed over) are sent
 * again by the first call that needs them. Results complete on Lettuce's threads.
 */
public final class RedisClusterState implements ClusterState {

    /** How long a call may wait for the server. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Channels per script run when listing occupied channels, so one long list never blocks Redis for long. */
    static final int OCCUPIED_PAGE = 1000;
    /** Entries per script run of a re-assertion, for the same reason. */
    static final int DEFAULT_REASSERT_BATCH = 1000;

    private static final LuaScript CHANGE_SUBSCRIPTIONS = new LuaScript(RedisStateScripts.CHANGE_SUBSCRIPTIONS);
    private static final LuaScript JOIN_PRESENCE = new LuaScript(RedisStateScripts.JOIN_PRESENCE);
    private static final LuaScript LEAVE_PRESENCE = new LuaScript(RedisStateScripts.LEAVE_PRESENCE);
    private static final LuaScript CONFIRM_DEPARTURE = new LuaScript(RedisStateScripts.CONFIRM_DEPARTURE);
    private static final LuaScript CONFIRM_UNSUBSCRIBED = new LuaScript(RedisStateScripts.CONFIRM_UNSUBSCRIBED);
    private static final LuaScript CHANGE_SIGNED_IN = new LuaScript(RedisStateScripts.CHANGE_SIGNED_IN);
    private static final LuaScript RENEW_LEASE = new LuaScript(RedisLeaseScripts.RENEW_LEASE);
    private static final LuaScript CLAIM_EXPIRED_NODE = new LuaScript(RedisLeaseScripts.CLAIM_EXPIRED_NODE);
    private static final LuaScript CLEAN_UP = new LuaScript(RedisLeaseScripts.CLEAN_UP);
    private static final LuaScript REASSERT_BEGIN = new LuaScript(RedisLeaseScripts.REASSERT_BEGIN);
    private static final LuaScript REASSERT_BATCH = new LuaScript(RedisLeaseScripts.REASSERT_BATCH);
    private static final LuaScript REASSERT_END = new LuaScript(RedisLeaseScripts.REASSERT_END);
    private static final LuaScript CHANNEL_COUNTS = new LuaScript(RedisStateScripts.CHANNEL_COUNTS);
    private static final LuaScript OCCUPIED_CHANNELS = new LuaScript(RedisStateScripts.OCCUPIED_CHANNELS);
    private static final LuaScript PRESENCE_MEMBERS = new LuaScript(RedisStateScripts.PRESENCE_MEMBERS);
    private static final LuaScript ONLINE_USERS = new LuaScript(RedisStateScripts.ONLINE_USERS);
    private static final LuaScript CONNECTIONS_BY_APP = new LuaScript(RedisStateScripts.CONNECTIONS_BY_APP);
    private static final LuaScript LIVE_NODES = new LuaScript(RedisStateScripts.LIVE_NODES);
    private static final LuaScript LIVE_NODE_IDS = new LuaScript(RedisStateScripts.LIVE_NODE_IDS);
    private static final LuaScript PUT_CACHED_EVENT = new LuaScript(RedisStateScripts.PUT_CACHED_EVENT);
    private static final LuaScript CACHED_EVENT = new LuaScript(RedisStateScripts.CACHED_EVENT);

    /** The error a script answers while the store recovers from a loss of its data, followed by the ms left. */
    private static final String RECOVERING = "RECOVERING";

    private final String nodeId;
    /** ARGV 1-3 of every script: key base, node id, lease in ms. */
    private final List<String> scriptHead;
    /** ARGV 4 of every script: the store's epoch at this node's last complete re-assertion, "" before the first. */
    private volatile String knownEpoch = "";
    /** KEYS of every script: one key of this store, naming the shard to a Redis Cluster client. */
    private final String[] routingKey;
    /** Shuts the client down when this store owns it; nothing for a partition sharing one. */
    private final Runnable release;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterAsyncCommands<String, String> redis;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final int reassertBatch;
    /** Guards {@link #reasserting} and {@link #heldBack}; held only to hand commands to Lettuce, which does not block. */
    private final Object order = new Object();
    private boolean reasserting;
    /** Calls made while a re-assertion runs, sent after it in the order they were made. */
    private final ArrayDeque<Runnable> heldBack = new ArrayDeque<>();

    /** Node {@code nodeId} of the cluster {@code config} describes, with its lease and the default timeout. */
    public RedisClusterState(ClusterConfig config, String nodeId) {
        this(config.redis(), nodeId, Duration.ofMillis(config.lease()), DEFAULT_TIMEOUT);
    }

    /**
     * Connects to {@code redis.url()}; fails with {@link ClusterStateException} when the server
     * cannot be reached now (later outages only fail calls). Every call fails after {@code timeout}.
     */
    public RedisClusterState(ClusterConfig.Redis redis, String nodeId, Duration lease, Duration timeout) {
        this(redis, nodeId, lease, timeout, DEFAULT_REASSERT_BATCH);
    }

    /** As above, re-asserting {@code reassertBatch} entries per script run (tests use small batches). */
    RedisClusterState(ClusterConfig.Redis redis, String nodeId, Duration lease, Duration timeout, int reassertBatch) {
        this(openClients(redis, timeout), true, keyBase(redis, -1), nodeId, lease, reassertBatch);
    }

    /**
     * A store under {@code keyBase} on {@code clients}' connection, shutting the client down on
     * {@link #close()} when it {@code owns} it.
     */
    RedisClusterState(RedisClients clients, boolean owns, String keyBase, String nodeId, Duration lease, int reassertBatch) {
        this.reassertBatch = Math.max(1, reassertBatch);
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("a node id must not be empty");
        }
        if (lease.toMillis() <= 0) {
            throw new IllegalArgumentException("a lease must be positive: " + lease);
        }
        this.nodeId = nodeId;
        this.scriptHead = List.of(keyBase, nodeId, Long.toString(lease.toMillis()));
        this.routingKey = new String[] {keyBase + "nodes"};
        this.release = owns ? clients::shutdown : () -> {};
        try {
            RedisClients.RedisLink<String, String> link = clients.link();
            this.connection = link.connection();
            this.redis = link.async();
        } catch (RedisException e) {
            release.run();
            throw new ClusterStateException("cannot open the Redis cluster state at " + clients.address() + ": " + e.getMessage(), e);
        }
    }

    static RedisClients openClients(ClusterConfig.Redis redis, Duration timeout) {
        return RedisClients.create(redis.url(), redis.mode(), timeout);
    }

    /**
     * The base of every key: {@code PREFIX:state:} on one server; on a Redis Cluster, partition
     * {@code partition} of the state gets {@code {PREFIX:partition}:state:}, a hash tag of its own
     * (braces in the prefix are left out of it, so they cannot narrow the tag).
     */
    static String keyBase(ClusterConfig.Redis redis, int partition) {
        String prefix = RedisKeys.of(redis.keyPrefix()).prefix();
        if (redis.mode() != RedisMode.CLUSTER) {
            return prefix + ":state:";
        }
        String tag = prefix.replace("{", "").replace("}", "") + ":" + Math.max(0, partition);
        return "{" + tag + "}:state:";
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    // ---- lease --------------------------------------------------------------------------------

    @Override
    public CompletionStage<Boolean> renewLease(Map<String, Integer> connectionsByApp) {
        List<String> args = new ArrayList<>();
        connectionsByApp.forEach((app, count) -> args.addAll(List.of(app, Integer.toString(count))));
        return call("renew lease", RENEW_LEASE, ScriptOutputType.INTEGER, args, StateReplies::flag);
    }

    @Override
    public CompletionStage<Optional<String>> claimExpiredNode() {
        return claimExpiredNode(List.of());
    }

    /**
     * Claims {@code nodeId} if it has a part here and nobody alive but this node cleans it up, its
     * lease here expired or not: a partitioned store found it expired in its partition 0.
     */
    CompletionStage<Optional<String>> claimExpired(String nodeId) {
        return claimExpiredNode(List.of(nodeId, "0"));
    }

    /**
     * Claims a node whose lease expired at least {@code grace} ago, as {@link #claimExpiredNode()}
     * does, but none of {@code spared}.
     */
    CompletionStage<Optional<String>> claimLongExpired(Duration grace, Collection<String> spared) {
        List<String> args = new ArrayList<>(List.of("", Long.toString(grace.toMillis())));
        args.addAll(spared);
        return claimExpiredNode(args);
    }

    /** The ids of the nodes whose lease is live here. */
    CompletionStage<List<String>> liveNodeIds() {
        return call("live node ids", LIVE_NODE_IDS, ScriptOutputType.MULTI, List.of(),
                reply -> list(reply).stream().map(String::valueOf).toList());
    }

    private CompletionStage<Optional<String>> claimExpiredNode(List<String> args) {
        return call("claim expired node", CLAIM_EXPIRED_NODE, ScriptOutputType.VALUE, args,
                reply -> Optional.ofNullable((String) reply));
    }

    @Override
    public CompletionStage<Cleanup> cleanUp(String nodeId, int limit) {
        Objects.requireNonNull(nodeId, "nodeId");
        return call("clean up " + nodeId, CLEAN_UP, ScriptOutputType.MULTI, Arrays.asList(nodeId, Integer.toString(limit)), reply -> {
            List<Object> values = list(reply);
            return new Cleanup(StateReplies.transitions(values, 1), "1".equals(values.getFirst()));
        });
    }

    /**
     * Runs as several scripts: {@link RedisLeaseScripts#REASSERT_BEGIN}, one
     * {@link RedisLeaseScripts#REASSERT_BATCH} per batch of entries, and
     * {@link RedisLeaseScripts#REASSERT_END} until done. This node's other calls made meanwhile
     * wait and are sent after it, in order, so the steps see the node as one script would. If a
     * step fails, the part stays marked not whole, so the next renewal answers false and the next
     * re-assertion starts over from what the failed one left; the failure is a
     * {@link ReassertionStoppedException} with the transitions of the steps that completed. A step
     * also fails when the node was claimed meanwhile (it stalled past its lease): carrying on would
     * declare whole a part the claimer is emptying.
     */
    @Override
    public CompletionStage<Reassertion> reassert(NodeSnapshot snapshot) {
        CompletableFuture<Reassertion> result = new CompletableFuture<>();
        if (closed.get()) {
            result.completeExceptionally(closedException());
            return result;
        }
        List<List<String>> batches = ReassertBatches.of(snapshot, reassertBatch);
        List<String> endArgs = new ArrayList<>(List.of(Integer.toString(reassertBatch)));
        snapshot.connectionsByApp().forEach((app, count) -> endArgs.addAll(List.of(app, Integer.toString(count))));
        Runnable start = () -> {
            reasserting = true;
            List<String> begun = new ArrayList<>();
            runReassert(batches, endArgs, begun).whenComplete((transitions, failure) -> {
                if (failure == null) {
                    knownEpoch = begun.get(0);
                }
                reassertFinished();
                if (failure != null) {
                    result.completeExceptionally(Futures.unwrap(failure));
                } else {
                    result.complete(new Reassertion(transitions, "1".equals(begun.get(1)), Long.parseLong(begun.get(2))));
                }
            });
        };
        synchronized (order) {
            if (reasserting) {
                heldBack.add(start);
            } else {
                start.run();
            }
        }
        return result;
    }

    /** {@code begun} receives what the first step answers: the store's epoch, 1 when it had lost its data, ms of recovery left. */
    private CompletableFuture<List<Transition>> runReassert(List<List<String>> batches, List<String> endArgs, List<String> begun) {
        List<CompletableFuture<List<Transition>>> steps = new ArrayList<>();
        steps.add(send("reassert", REASSERT_BEGIN, ScriptOutputType.MULTI, List.of(), reply -> {
            list(reply).forEach(value -> begun.add((String) value));
            return List.of();
        }));
        for (List<String> batch : batches) {
            steps.add(send("reassert", REASSERT_BATCH, ScriptOutputType.MULTI, batch, reply -> StateReplies.transitions(list(reply), 0)));
        }
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).handle((ignored, failure) -> {
            List<Transition> transitions = new ArrayList<>();
            for (CompletableFuture<List<Transition>> step : steps) {
                if (!step.isCompletedExceptionally()) {
                    transitions.addAll(step.join());
                }
            }
            return failure == null ? removeStale(endArgs, transitions) : CompletableFuture.<List<Transition>>failedFuture(stopped(failure, transitions));
        }).thenCompose(next -> next);
    }

    /** Runs the end step until it reports the part whole. */
    private CompletableFuture<List<Transition>> removeStale(List<String> endArgs, List<Transition> transitions) {
        return send("reassert", REASSERT_END, ScriptOutputType.MULTI, endArgs, reply -> list(reply)).handle((values, failure) -> {
            if (failure != null) {
                return CompletableFuture.<List<Transition>>failedFuture(stopped(failure, transitions));
            }
            transitions.addAll(StateReplies.transitions(values, 1));
            return "1".equals(values.getFirst())
                    ? CompletableFuture.completedFuture(List.copyOf(transitions))
                    : removeStale(endArgs, transitions);
        }).thenCompose(next -> next);
    }

    private static ReassertionStoppedException stopped(Throwable failure, List<Transition> applied) {
        Throwable cause = Futures.unwrap(failure);
        return new ReassertionStoppedException(cause.getMessage() + " (" + applied.size() + " transitions made before it)", cause, applied);
    }

    private void reassertFinished() {
        synchronized (order) {
            reasserting = false;
            while (!reasserting && !heldBack.isEmpty()) {
                heldBack.poll().run();
            }
        }
    }

    // ---- channels -----------------------------------------------------------------------------

    @Override
    public CompletionStage<Occupancy> subscribed(String appId, String channel) {
        return changeSubscriptions("subscribe", appId, channel, "1");
    }

    @Override
    public CompletionStage<Occupancy> unsubscribed(String appId, String channel) {
        return changeSubscriptions("unsubscribe", appId, channel, "-1");
    }

    @Override
    public CompletionStage<ChannelCounts> channelCounts(String appId, String channel) {
        return call("channel counts", CHANNEL_COUNTS, ScriptOutputType.MULTI, Arrays.asList(appId, channel), reply -> {
            List<Object> values = list(reply);
            return new ChannelCounts(StateReplies.number(values.get(0)), StateReplies.number(values.get(1)));
        });
    }

    @Override
    public CompletionStage<Map<String, ChannelCounts>> occupiedChannels(String appId, String prefix) {
        return occupiedFrom(appId, prefix == null ? "" : prefix, "", new LinkedHashMap<>());
    }

    // ---- presence -----------------------------------------------------------------------------

    @Override
    public CompletionStage<PresenceJoin> joinPresence(String appId, String channel, String userId, String userInfoJson,
            int maxMembers) {
        return call("join presence", JOIN_PRESENCE, ScriptOutputType.MULTI,
                Arrays.asList(appId, channel, userId, infoOrNull(userInfoJson), Integer.toString(maxMembers)), reply -> {
                    List<Object> values = list(reply);
                    return new PresenceJoin(PresenceJoin.Outcome.valueOf((String) values.getFirst()), StateReplies.pairs(values, 2),
                            StateReplies.number(values.get(1)));
                });
    }

    @Override
    public CompletionStage<Occupancy> confirmUnsubscribed(String appId, String channel) {
        return call("confirm unsubscribed", CONFIRM_UNSUBSCRIBED, ScriptOutputType.MULTI, Arrays.asList(appId, channel), reply -> {
            List<Object> values = list(reply);
            return new Occupancy(StateReplies.number(values.get(0)), "1".equals(values.get(1)));
        });
    }

    @Override
    public CompletionStage<OptionalLong> confirmDeparture(String appId, String channel, String userId) {
        return call("confirm departure", CONFIRM_DEPARTURE, ScriptOutputType.INTEGER, Arrays.asList(appId, channel, userId), reply -> {
            long version = StateReplies.number(reply);
            return version == 0 ? OptionalLong.empty() : OptionalLong.of(version);
        });
    }

    @Override
    public CompletionStage<OptionalLong> leavePresence(String appId, String channel, String userId) {
        return call("leave presence", LEAVE_PRESENCE, ScriptOutputType.INTEGER, Arrays.asList(appId, channel, userId), reply -> {
            long version = StateReplies.number(reply);
            return version == 0 ? OptionalLong.empty() : OptionalLong.of(version);
        });
    }

    @Override
    public CompletionStage<Map<String, String>> presenceMembers(String appId, String channel) {
        return call("presence members", PRESENCE_MEMBERS, ScriptOutputType.MULTI, Arrays.asList(appId, channel),
                reply -> StateReplies.pairs(list(reply), 0));
    }

    // ---- users --------------------------------------------------------------------------------

    @Override
    public CompletionStage<Boolean> userSignedIn(String appId, String userId) {
        return call("user signed in", CHANGE_SIGNED_IN, ScriptOutputType.INTEGER, Arrays.asList(appId, userId, "1"), StateReplies::flag);
    }

    @Override
    public CompletionStage<Boolean> userSignedOut(String appId, String userId) {
        return call("user signed out", CHANGE_SIGNED_IN, ScriptOutputType.INTEGER, Arrays.asList(appId, userId, "-1"), StateReplies::flag);
    }

    @Override
    public CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return CompletableFuture.completedFuture(Set.of());
        }
        List<String> args = new ArrayList<>(userIds.size() + 1);
        args.add(appId);
        args.addAll(userIds);
        return call("online users", ONLINE_USERS, ScriptOutputType.MULTI, args, reply -> {
            Set<String> online = new LinkedHashSet<>();
            list(reply).forEach(user -> online.add((String) user));
            return online;
        });
    }

    // ---- connections and cache ----------------------------------------------------------------

    @Override
    public CompletionStage<Map<String, Long>> connectionsByApp() {
        return call("connections by app", CONNECTIONS_BY_APP, ScriptOutputType.MULTI, List.of(), reply -> {
            Map<String, Long> sums = new LinkedHashMap<>();
            StateReplies.pairs(list(reply), 0).forEach((app, count) -> sums.put(app, Long.parseLong(count)));
            return sums;
        });
    }

    @Override
    public CompletionStage<Integer> liveNodes() {
        return call("live nodes", LIVE_NODES, ScriptOutputType.INTEGER, List.of(), reply -> (int) StateReplies.number(reply));
    }

    @Override
    public CompletionStage<Void> putCachedEvent(String appId, String channel, String event, String data, int ttlSeconds) {
        if (ttlSeconds <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("a cache time to live must be positive: " + ttlSeconds));
        }
        return call("put cached event", PUT_CACHED_EVENT, ScriptOutputType.INTEGER,
                Arrays.asList(appId, channel, event, data, Long.toString(ttlSeconds * 1000L)), reply -> null);
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(String appId, String channel) {
        return call("cached event", CACHED_EVENT, ScriptOutputType.MULTI, Arrays.asList(appId, channel), reply -> {
            List<Object> values = list(reply);
            if (values.isEmpty()) {
                return Optional.empty();
            }
            long remainingMillis = StateReplies.number(values.get(2));
            return Optional.of(new CachedEvent((String) values.get(0), (String) values.get(1), Math.max(1, (remainingMillis + 999) / 1000)));
        });
    }

    @Override
    public boolean connected() {
        return !closed.get() && connection.isOpen();
    }

    /** Disconnects; the node's part stays in Redis until it is cleaned up (by {@link #cleanUp} of this node first, on a clean stop). */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }

    @Override
    public String toString() {
        return "RedisClusterState[" + scriptHead.getFirst() + ", node " + nodeId + "]";
    }

    private CompletionStage<Occupancy> changeSubscriptions(String operation, String appId, String channel, String delta) {
        return call(operation, CHANGE_SUBSCRIPTIONS, ScriptOutputType.MULTI, Arrays.asList(appId, channel, delta), reply -> {
            List<Object> values = list(reply);
            return new Occupancy(StateReplies.number(values.get(0)), "1".equals(values.get(1)));
        });
    }

    private CompletionStage<Map<String, ChannelCounts>> occupiedFrom(String appId, String prefix, String after,
            Map<String, ChannelCounts> found) {
        return call("occupied channels", OCCUPIED_CHANNELS, ScriptOutputType.MULTI,
                Arrays.asList(appId, prefix, after, Integer.toString(OCCUPIED_PAGE)), reply -> list(reply))
                .thenCompose(values -> {
                    String last = after;
                    for (int i = 0; i + 2 < values.size(); i += 3) {
                        last = (String) values.get(i);
                        found.put(last, new ChannelCounts(StateReplies.number(values.get(i + 1)), StateReplies.number(values.get(i + 2))));
                    }
                    return values.size() / 3 < OCCUPIED_PAGE
                            ? CompletableFuture.completedFuture(found)
                            : occupiedFrom(appId, prefix, last, found);
                });
    }

    /**
     * Runs {@code script} with this node's head arguments and {@code args}, and decodes its reply;
     * while a re-assertion runs, after it. Every failure, of the server or of the reply, completes
     * the result with {@link ClusterStateException} naming {@code operation}.
     */
    private <R, T> CompletionStage<T> call(String operation, LuaScript script, ScriptOutputType type, List<String> args,
            Function<R, T> decode) {
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        for (String arg : args) {
            if (arg == null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException(operation + ": an argument is null"));
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable sendNow = () -> send(operation, script, type, args, decode).whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
            } else {
                result.complete(value);
            }
        });
        synchronized (order) {
            if (reasserting) {
                heldBack.add(sendNow);
            } else {
                sendNow.run();
            }
        }
        return result;
    }

    /** Sends {@code script} now, whatever else runs. */
    private <R, T> CompletableFuture<T> send(String operation, LuaScript script, ScriptOutputType type, List<String> args,
            Function<R, T> decode) {
        String[] argv = new String[scriptHead.size() + 1 + args.size()];
        for (int i = 0; i < scriptHead.size(); i++) {
            argv[i] = scriptHead.get(i);
        }
        argv[scriptHead.size()] = knownEpoch;
        for (int i = 0; i < args.size(); i++) {
            argv[scriptHead.size() + 1 + i] = args.get(i);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletableFuture<R> reply;
        try {
            reply = script.run(redis, type, routingKey, argv);
        } catch (RuntimeException e) {
            // The driver refuses some commands by throwing rather than failing the future; a step
            // that threw would leave a re-assertion, and every call queued behind it, waiting forever.
            reply = CompletableFuture.failedFuture(e);
        }
        reply.whenComplete((value, failure) -> {
            if (failure != null) {
                Throwable cause = Futures.unwrap(failure);
                String message = String.valueOf(cause.getMessage());
                if (message.startsWith(RECOVERING)) {
                    result.completeExceptionally(new StateRecoveringException(leadingMillis(message.substring(RECOVERING.length()))));
                    return;
                }
                result.completeExceptionally(new ClusterStateException("Redis cluster state: " + operation + " failed: " + cause.getMessage(), cause));
                return;
            }
            try {
                result.complete(decode.apply(value));
            } catch (RuntimeException e) {
                result.completeExceptionally(new ClusterStateException("Redis cluster state: " + operation + ": unexpected reply " + value, e));
            }
        });
        return result;
    }

    /** The number at the start of {@code text} (after spaces), or 1,000 when there is none. */
    private static long leadingMillis(String text) {
        String digits = text.strip().replaceFirst("^(\\d{1,12}).*$", "$1");
        return digits.isEmpty() || !Character.isDigit(digits.charAt(0)) ? 1_000 : Long.parseLong(digits);
    }

    private ClusterStateException closedException() {
        return new ClusterStateException("Redis cluster state of node " + nodeId + " is closed", null);
    }

    private static String infoOrNull(String userInfoJson) {
        return userInfoJson == null ? "null" : userInfoJson;
    }
}
