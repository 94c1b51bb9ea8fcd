package io.herald.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * One node's view of an {@link InMemoryClusterStore}: the state of a node that runs alone (a
 * cluster of one, on a store of its own), and the reference the Redis driver is tested against
 * (several of these on one store behave as nodes sharing one Redis). Open it with
 * {@link InMemoryClusterStore#node}.
 *
 * <p>Every future is already complete when the method returns: the work happens on the caller's
 * thread under the store's monitor, so callbacks attached to it run on the caller's thread too. It
 * never fails for want of a store; a call after {@link #close()} fails with
 * {@link IllegalStateException}, and bad arguments with {@link IllegalArgumentException}, both as
 * failed futures.
 */
public final class InMemoryClusterState implements ClusterState {

    private final InMemoryClusterStore store;
    private final String nodeId;
    private final long leaseMillis;
    private volatile boolean closed;
    /** The store's epoch at this node's last re-assertion, "" before the first. */
    private volatile String knownEpoch = "";

    InMemoryClusterState(InMemoryClusterStore store, String nodeId, long leaseMillis) {
        this.store = store;
        this.nodeId = nodeId;
        this.leaseMillis = leaseMillis;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public CompletionStage<Boolean> renewLease(Map<String, Integer> connectionsByApp) {
        return run(() -> store.renewLease(nodeId, leaseMillis, connectionsByApp));
    }

    @Override
    public CompletionStage<Optional<String>> claimExpiredNode() {
        return run(() -> store.claimExpiredNode(nodeId));
    }

    @Override
    public CompletionStage<Cleanup> cleanUp(String nodeId, int limit) {
        return run(() -> store.cleanUp(this.nodeId, Objects.requireNonNull(nodeId, "nodeId"), limit));
    }

    @Override
    public CompletionStage<Reassertion> reassert(NodeSnapshot snapshot) {
        return run(() -> store.reassert(nodeId, leaseMillis, snapshot, knownEpoch, epoch -> knownEpoch = epoch));
    }

    @Override
    public CompletionStage<Occupancy> confirmUnsubscribed(String appId, String channel) {
        return checked(() -> store.confirmUnsubscribed(nodeId, leaseMillis, appId, channel));
    }

    @Override
    public CompletionStage<OptionalLong> confirmDeparture(String appId, String channel, String userId) {
        return checked(() -> store.confirmDeparture(nodeId, leaseMillis, appId, channel, userId));
    }

    @Override
    public CompletionStage<Occupancy> subscribed(String appId, String channel) {
        return checked(() -> store.changeSubscriptions(nodeId, leaseMillis, appId, channel, 1));
    }

    @Override
    public CompletionStage<Occupancy> unsubscribed(String appId, String channel) {
        return checked(() -> store.changeSubscriptions(nodeId, leaseMillis, appId, channel, -1));
    }

    @Override
    public CompletionStage<ChannelCounts> channelCounts(String appId, String channel) {
        return checked(() -> store.channelCounts(appId, channel));
    }

    @Override
    public CompletionStage<Map<String, ChannelCounts>> occupiedChannels(String appId, String prefix) {
        return checked(() -> store.occupiedChannels(appId, prefix == null ? "" : prefix));
    }

    @Override
    public CompletionStage<PresenceJoin> joinPresence(String appId, String channel, String userId, String userInfoJson,
            int maxMembers) {
        return checked(() -> store.joinPresence(nodeId, leaseMillis, appId, channel, userId,
                userInfoJson == null ? "null" : userInfoJson, maxMembers));
    }

    @Override
    public CompletionStage<OptionalLong> leavePresence(String appId, String channel, String userId) {
        return checked(() -> store.leavePresence(nodeId, leaseMillis, appId, channel, userId));
    }

    @Override
    public CompletionStage<Map<String, String>> presenceMembers(String appId, String channel) {
        return checked(() -> store.presenceMembers(appId, channel));
    }

    @Override
    public CompletionStage<Boolean> userSignedIn(String appId, String userId) {
        return checked(() -> store.changeSignedIn(nodeId, leaseMillis, appId, userId, 1));
    }

    @Override
    public CompletionStage<Boolean> userSignedOut(String appId, String userId) {
        return checked(() -> store.changeSignedIn(nodeId, leaseMillis, appId, userId, -1));
    }

    @Override
    public CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds) {
        return checked(() -> store.onlineUsers(appId, userIds));
    }

    @Override
    public CompletionStage<Map<String, Long>> connectionsByApp() {
        return run(store::connectionsByApp);
    }

    @Override
    public CompletionStage<Integer> liveNodes() {
        return run(store::liveNodes);
    }

    @Override
    public CompletionStage<Void> putCachedEvent(String appId, String channel, String event, String data, int ttlSeconds) {
        return run(() -> {
            if (ttlSeconds <= 0) {
                throw new IllegalArgumentException("a cache time to live must be positive: " + ttlSeconds);
            }
            store.putCachedEvent(appId, channel, event, data, ttlSeconds);
            return null;
        });
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(String appId, String channel) {
        return run(() -> store.cachedEvent(appId, channel));
    }

    @Override
    public boolean connected() {
        return !closed;
    }

    /** Stops this view; the node's part stays in the store until cleaned up, as a crashed node's would. */
    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "InMemoryClusterState[" + nodeId + "]";
    }

    /** {@link #run}, refused while the store recovers from a loss of its data. */
    private <T> CompletionStage<T> checked(Supplier<T> work) {
        return run(() -> store.unlessRecovering(knownEpoch, leaseMillis, work));
    }

    private <T> CompletionStage<T> run(Supplier<T> work) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("cluster state of node " + nodeId + " is closed"));
        }
        try {
            return CompletableFuture.completedFuture(work.get());
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
