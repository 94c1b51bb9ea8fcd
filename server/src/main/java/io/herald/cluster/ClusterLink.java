package io.herald.cluster;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import io.herald.channel.LocalChannels;
import io.herald.channel.WebhookEmitter;
import io.herald.cluster.ClusterState.PresenceJoin;
import io.herald.concurrent.Futures;
import io.herald.protocol.PusherMessages;
import io.herald.user.UserDirectory;
import io.herald.webhook.WebhookEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's link to the rest of the cluster. The realtime side tells it what changed on this
 * node; it forwards events to the nodes interested in them, keeps this node's share of the cluster
 * state, and announces the cluster-wide transitions the state reports (to connections here and
 * elsewhere, and to webhooks) exactly once. It also keeps the node's lease, cleans up after dead
 * nodes, and re-asserts this node's share when the store lost it.
 *
 * <p>Calls from event loops return at once; results arrive on the drivers' threads and are handed
 * to the loops by {@link LocalChannels} and {@link UserDirectory}.
 */
public final class ClusterLink implements BusListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLink.class);
    private static final int CLEANUP_BATCH = 500;
    private static final long LEAVE_TIMEOUT_MILLIS = 5_000;

    private final Bus bus;
    private final ClusterState state;
    private final AppRegistry apps;
    private final LocalChannels channels;
    private final UserDirectory users;
    private final WebhookEmitter webhooks;
    private final ClusterMetrics metrics;
    private final Supplier<NodeSnapshot> snapshot;
    private final Supplier<Map<String, Integer>> connectionsByApp;
    private final long heartbeatMillis;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean reassertNeeded = new AtomicBoolean(true);
    private final AtomicBoolean cleaning = new AtomicBoolean();
    private volatile Map<String, Long> clusterConnections = Map.of();
    private volatile Map<String, Integer> reportedConnections = Map.of();
    private volatile boolean closed;

    ClusterLink(Bus bus, ClusterState state, AppRegistry apps, LocalChannels channels, UserDirectory users,
            WebhookEmitter webhooks, ClusterMetrics metrics, Supplier<NodeSnapshot> snapshot,
            Supplier<Map<String, Integer>> connectionsByApp, long heartbeatMillis) {
        this.bus = bus;
        this.state = state;
        this.apps = apps;
        this.channels = channels;
        this.users = users;
        this.webhooks = webhooks;
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.connectionsByApp = connectionsByApp;
        this.heartbeatMillis = heartbeatMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-cluster");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Links this node's channels and users to a cluster through {@code bus} and {@code state}, which
     * the link owns from now on. Nothing flows until {@link #start}.
     *
     * @param connectionsByApp this node's open connections per app id
     */
    public static ClusterLink link(Bus bus, BusCounters busCounters, ClusterState state, long heartbeatMillis,
            AppRegistry apps, LocalChannels channels, UserDirectory users, WebhookEmitter webhooks, MeterRegistry registry,
            Supplier<Map<String, Integer>> connectionsByApp) {
        ClusterMetrics metrics = new ClusterMetrics(registry, bus::connected, bus.name(), state::connected, busCounters);
        ClusterLink link = new ClusterLink(bus, state, apps, channels, users, webhooks, metrics,
                new NodeShare(channels, users, connectionsByApp), connectionsByApp, heartbeatMillis);
        channels.joinCluster(link);
        users.joinCluster(link);
        return link;
    }

    /** Starts receiving from the bus and keeping the lease; the first lease is written before returning. */
    public void start() {
        bus.start(this);
        try {
            tick().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Cluster state not reachable at start ({}); retrying every {} ms", e.getMessage(), heartbeatMillis);
        }
        timer.scheduleWithFixedDelay(() -> tick(), heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    public String nodeId() {
        return state.nodeId();
    }

    public boolean connected() {
        return bus.connected() && state.connected();
    }

    // ---- channels ---------------------------------------------------------------------------

    /** The first subscriber of a channel on this node: receive its events from other nodes. */
    public void channelOpenedHere(String appId, String channel) {
        bus.addInterest(BusTopic.channel(appId, channel));
    }

    /** The last subscriber of a channel on this node left. */
    public void channelClosedHere(String appId, String channel) {
        bus.removeInterest(BusTopic.channel(appId, channel));
    }

    /** One more subscription here: occupied when it is the first anywhere, and the new count. */
    public void subscribed(AppConfig app, String channel) {
        state.subscribed(app.id(), channel).whenComplete((occupancy, error) -> {
            if (failed(error)) {
                return;
            }
            if (occupancy.transitioned()) {
                webhooks.emit(app, WebhookEvent.channelOccupied(channel));
            }
            channels.announceClusterCount(app, channel, occupancy.subscriptionCount());
        });
    }

    /** One subscription fewer here: vacated when it was the last anywhere, else the new count. */
    public void unsubscribed(AppConfig app, String channel) {
        state.unsubscribed(app.id(), channel).whenComplete((occupancy, error) -> {
            if (failed(error)) {
                return;
            }
            if (occupancy.transitioned()) {
                webhooks.emit(app, WebhookEvent.channelVacated(channel));
            } else if (occupancy.subscriptionCount() > 0) {
                channels.announceClusterCount(app, channel, occupancy.subscriptionCount());
            }
        });
    }

    /** A message for a channel's subscribers on other nodes. */
    public void publishToChannel(String appId, String channel, String json, String excludeSocketId) {
        publish(new BusMessage(BusTopic.channel(appId, channel), BusMessage.Type.CHANNEL_EVENT, json, excludeSocketId,
                nodeId()));
    }

    public void putCachedEvent(AppConfig app, String channel, String event, String data) {
        state.putCachedEvent(app.id(), channel, event, data, app.cacheTtl()).whenComplete((done, error) -> failed(error));
    }

    public CompletionStage<java.util.Optional<ClusterState.CachedEvent>> cachedEvent(String appId, String channel) {
        return state.cachedEvent(appId, channel);
    }

    // ---- presence ---------------------------------------------------------------------------

    public CompletionStage<PresenceJoin> joinPresence(AppConfig app, String channel, String userId, String userInfoJson) {
        return state.joinPresence(app.id(), channel, userId, userInfoJson, app.maxPresenceMembers());
    }

    /** A user's new membership, decided by the state: told to every subscriber but the joining connection. */
    public void memberAdded(AppConfig app, String channel, String userId, String userInfoJson, String joiningSocketId) {
        channels.publishEverywhere(app, channel, PusherMessages.memberAdded(channel, userId, userInfoJson), joiningSocketId);
        webhooks.emit(app, WebhookEvent.memberAdded(channel, userId));
    }

    /** One connection of a presence member left here; the member leaves when it was its last anywhere. */
    public void leftPresence(AppConfig app, String channel, String userId) {
        state.leavePresence(app.id(), channel, userId).whenComplete((left, error) -> {
            if (!failed(error) && left) {
                memberRemoved(app, channel, userId);
            }
        });
    }

    public CompletionStage<Map<String, String>> presenceMembers(String appId, String channel) {
        return state.presenceMembers(appId, channel);
    }

    private void memberRemoved(AppConfig app, String channel, String userId) {
        channels.publishEverywhere(app, channel, PusherMessages.memberRemoved(channel, userId), null);
        webhooks.emit(app, WebhookEvent.memberRemoved(channel, userId));
    }

    // ---- users ------------------------------------------------------------------------------

    /** This node has connections of the user, or watching it: receive the user's messages. */
    public void userTopicOpenedHere(String appId, String userId) {
        bus.addInterest(BusTopic.user(appId, userId));
    }

    public void userTopicClosedHere(String appId, String userId) {
        bus.removeInterest(BusTopic.user(appId, userId));
    }

    public void publishToUser(String appId, String userId, String json, String excludeSocketId) {
        publish(new BusMessage(BusTopic.user(appId, userId), BusMessage.Type.USER_EVENT, json, excludeSocketId, nodeId()));
    }

    public void terminateUser(String appId, String userId) {
        publish(new BusMessage(BusTopic.user(appId, userId), BusMessage.Type.TERMINATE, null, null, nodeId()));
    }

    public void signedIn(AppConfig app, String userId) {
        state.userSignedIn(app.id(), userId).whenComplete((cameOnline, error) -> {
            if (!failed(error) && cameOnline) {
                watchlistEvent(app.id(), userId, "online");
            }
        });
    }

    public void signedOut(AppConfig app, String userId) {
        state.userSignedOut(app.id(), userId).whenComplete((wentOffline, error) -> {
            if (!failed(error) && wentOffline) {
                watchlistEvent(app.id(), userId, "offline");
            }
        });
    }

    public CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds) {
        return state.onlineUsers(appId, userIds);
    }

    private void watchlistEvent(String appId, String userId, String status) {
        String json = PusherMessages.watchlistEvents(status, List.of(userId));
        users.notifyWatchersHere(appId, userId, json);
        publish(new BusMessage(BusTopic.user(appId, userId), BusMessage.Type.WATCHLIST_EVENT, json, null, nodeId()));
    }

    // ---- connections ------------------------------------------------------------------------

    /** Connections of an app on the other nodes, as they last reported them (for the app's limit). */
    public long connectionsElsewhere(String appId) {
        long everywhere = clusterConnections.getOrDefault(appId, 0L);
        return Math.max(0, everywhere - reportedConnections.getOrDefault(appId, 0));
    }

    public CompletionStage<ClusterState.ChannelCounts> channelCounts(String appId, String channel) {
        return state.channelCounts(appId, channel);
    }

    public CompletionStage<Map<String, ClusterState.ChannelCounts>> occupiedChannels(String appId, String prefix) {
        return state.occupiedChannels(appId, prefix);
    }

    // ---- from other nodes -------------------------------------------------------------------

    @Override
    public void onMessage(BusMessage message) {
        BusTopic topic = message.topic();
        switch (message.type()) {
            case CHANNEL_EVENT -> channels.deliverHere(topic.appId(), topic.name(), message.json(), message.excludeSocketId());
            case USER_EVENT -> channels.deliverToUserHere(topic.appId(), topic.name(), message.json(), message.excludeSocketId());
            case WATCHLIST_EVENT -> users.notifyWatchersHere(topic.appId(), topic.name(), message.json());
            case TERMINATE -> apps.byId(topic.appId()).ifPresent(app -> users.terminate(app, topic.name()));
        }
    }

    @Override
    public void onConnectionChanged(boolean connected) {
        if (connected) {
            LOG.info("Cluster bus ({}) connected", bus.name());
        } else {
            LOG.warn("Cluster bus ({}) disconnected; events from other nodes are missed until it reconnects", bus.name());
        }
    }

    private void publish(BusMessage message) {
        bus.publish(message);
    }

    // ---- lease, clean-up, re-assertion -----------------------------------------------------

    private CompletionStage<Void> tick() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        // Only the counts: the whole snapshot walks every channel and member, and is needed only to re-assert.
        Map<String, Integer> connections = connectionsByApp.get();
        return state.renewLease(connections).thenCompose(intact -> {
            reportedConnections = connections;
            if (!intact || reassertNeeded.get()) {
                return reassert();
            }
            return CompletableFuture.completedFuture(null);
        }).thenCompose(done -> state.connectionsByApp()).thenAccept(counts -> {
            clusterConnections = counts;
            cleanUpDeadNodes();
        }).exceptionally(error -> {
            failed(error);
            return null;
        });
    }

    private CompletionStage<Void> reassert() {
        reassertNeeded.set(false);
        return state.reassert(snapshot.get()).whenComplete((transitions, error) -> {
            if (error == null) {
                metrics.reasserted();
                LOG.info("Re-asserted this node's share of the cluster state ({} transitions)", transitions.size());
                transitions.forEach(this::announce);
            } else if (Futures.unwrap(error) instanceof ReassertionStoppedException stopped) {
                // Its completed steps changed the state all the same; the next attempt will not see them as changes.
                stopped.applied().forEach(this::announce);
            }
        }).thenApply(transitions -> null);
    }

    private void cleanUpDeadNodes() {
        if (closed || !cleaning.compareAndSet(false, true)) {
            return;
        }
        state.claimExpiredNode().thenCompose(dead -> {
            if (dead.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            LOG.warn("Node {} missed its lease; removing its connections from the cluster", dead.get());
            return cleanUp(dead.get()).thenApply(done -> {
                metrics.nodeCleanedUp();
                return true;
            });
        }).whenComplete((cleaned, error) -> {
            cleaning.set(false);
            failed(error);
            if (error == null && cleaned) {
                timer.execute(this::cleanUpDeadNodes);
            }
        });
    }

    private CompletionStage<Void> cleanUp(String nodeId) {
        return state.cleanUp(nodeId, CLEANUP_BATCH).thenCompose(step -> {
            step.transitions().forEach(this::announce);
            return step.done() ? CompletableFuture.completedFuture(null) : cleanUp(nodeId);
        });
    }

    private void announce(Transition transition) {
        AppConfig app = apps.byId(transition.appId()).orElse(null);
        if (app == null) {
            return;
        }
        switch (transition) {
            case Transition.ChannelOccupied t -> webhooks.emit(app, WebhookEvent.channelOccupied(t.channel()));
            case Transition.ChannelVacated t -> webhooks.emit(app, WebhookEvent.channelVacated(t.channel()));
            case Transition.SubscriptionCountChanged t -> channels.announceClusterCount(app, t.channel(), t.subscriptionCount());
            case Transition.MemberAdded t -> memberAdded(app, t.channel(), t.userId(), t.userInfoJson(), null);
            case Transition.MemberRemoved t -> memberRemoved(app, t.channel(), t.userId());
            case Transition.UserOnline t -> watchlistEvent(app.id(), t.userId(), "online");
            case Transition.UserOffline t -> watchlistEvent(app.id(), t.userId(), "offline");
        }
    }

    /** A state operation made elsewhere failed: this node re-asserts its whole share at the next heartbeat. */
    public void stateFailed(Throwable error) {
        failed(error);
    }

    /** Logs and counts a failed state operation; the node re-asserts its whole share at the next heartbeat. */
    private boolean failed(Throwable error) {
        if (error == null) {
            return false;
        }
        metrics.stateFailure();
        reassertNeeded.set(true);
        LOG.warn("Cluster state operation failed: {}", error.getMessage());
        return true;
    }

    /**
     * Leaves the cluster: removes what remains of this node's share (announcing the transitions, so
     * members still here at the end are removed everywhere at once), then stops.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            cleanUp(nodeId()).toCompletableFuture().get(LEAVE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Could not remove this node's cluster state on leaving ({}); other nodes remove it when its lease"
                    + " expires", e.getMessage());
        }
        bus.close();
        state.close();
    }
}
