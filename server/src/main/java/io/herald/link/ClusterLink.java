package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.channel.LocalChannel;
import io.herald.channel.LocalChannels;
import io.herald.channel.LocalChannels.Member;
import io.herald.channel.PresenceRoster;
import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterState.PresenceJoin;
import io.herald.cluster.Transition;
import io.herald.connection.Connection;
import io.herald.connection.Subscription;
import io.herald.user.UserDirectory;
import io.herald.webhook.WebhookEventType;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * This node's part in its cluster, which is a cluster of one when the node runs alone (on the
 * in-memory drivers). The gateway tells it every change on this node: a subscription, a presence
 * join, a sign-in and their ends. It records the change here ({@link LocalChannels},
 * {@link UserDirectory}), moves bus interest ({@link BusRelay}), tells the shared
 * {@link ClusterState}, which decides whether the change is a transition for the whole cluster
 * (occupied, vacated, a new member, a user online), and hands every transition to the
 * {@link Announcer}. Callers never decide transitions themselves.
 *
 * <p>Calls come from event loops and return at once; the state's answers complete on its
 * driver's threads (at once for the in-memory driver).
 */
public final class ClusterLink implements AutoCloseable {

    private final ClusterState state;
    private final LocalChannels channels;
    private final UserDirectory users;
    private final BusRelay relay;
    private final Announcer announcer;
    private final NodeLease lease;

    public ClusterLink(ClusterState state, LocalChannels channels, UserDirectory users, BusRelay relay, Announcer announcer,
            NodeLease lease) {
        this.state = state;
        this.channels = channels;
        this.users = users;
        this.relay = relay;
        this.announcer = announcer;
        this.lease = lease;
    }

    /** Starts receiving from the other nodes and keeping the lease; the first lease is written before returning. */
    public void start() {
        relay.start();
        lease.start();
    }

    public String nodeId() {
        return state.nodeId();
    }

    public boolean connected() {
        return relay.connected() && state.connected();
    }

    // ---- channels -----------------------------------------------------------------------------

    /**
     * Subscribes the connection here and counts the subscription in the cluster: the channel's first
     * subscriber anywhere makes it occupied, and its new count is announced. On presence channels
     * {@code member} joins this node's roster; null when that roster is full. The member joins the
     * cluster's channel with {@link #joinPresence}.
     */
    public Subscription subscribe(Connection connection, String channel, Member member) {
        AppConfig app = connection.app();
        Subscription subscription = channels.subscribe(connection, channel, member, app.maxPresenceMembers(), relay);
        if (subscription != null) {
            CompletionStage<?> decided = state.subscribed(app.id(), channel).whenComplete((occupancy, error) -> {
                if (lease.failed(error)) {
                    return;
                }
                if (occupancy.transitioned()) {
                    announcer.announce(app, new Transition.ChannelOccupied(app.id(), channel, occupancy.subscriptionCount()), null);
                }
                announcer.announce(app, new Transition.SubscriptionCountChanged(app.id(), channel, occupancy.subscriptionCount()),
                        null);
            });
            awaitWebhookOf(connection, decided, WebhookEventType.CHANNEL_OCCUPIED, channel);
        }
        return subscription;
    }

    /**
     * Adds a subscribed connection's member to the cluster's presence channel. The state decides
     * whether the user is a new member anywhere (then member_added goes to every other subscriber)
     * or the channel is full; the answer carries the members after the join and their presence
     * version. The join waits until this node receives the channel's events from other nodes, so
     * that every change after the members it answers with reaches the connection.
     */
    public CompletionStage<PresenceJoin> joinPresence(Subscription subscription, String userInfoJson) {
        Connection connection = subscription.connection();
        AppConfig app = connection.app();
        String channel = subscription.channelName();
        String userId = subscription.presenceUserId();
        return relay.channelReady(app.id(), channel)
                .thenCompose(ready -> state.joinPresence(app.id(), channel, userId, userInfoJson, app.maxPresenceMembers()))
                .whenComplete((join, error) -> {
                    if (!lease.failed(error) && join.outcome() == PresenceJoin.Outcome.NEW_MEMBER) {
                        announcer.announce(app, new Transition.MemberAdded(app.id(), channel, userId, userInfoJson, join.version()),
                                connection.socketId());
                    }
                });
    }

    /**
     * Ends a subscription here and in the cluster: its last subscriber anywhere makes the channel
     * vacant, otherwise its new count is announced; a presence member leaves the channel with its
     * last connection anywhere.
     */
    public void unsubscribe(Subscription subscription) {
        channels.unsubscribe(subscription, relay);
        Connection connection = subscription.connection();
        AppConfig app = connection.app();
        String channel = subscription.channelName();
        CompletionStage<?> vacated = state.unsubscribed(app.id(), channel).whenComplete((occupancy, error) -> {
            if (lease.failed(error)) {
                lease.unsubscribeNotRecorded(app.id(), channel);
                return;
            }
            if (occupancy.transitioned()) {
                announcer.announce(app, new Transition.ChannelVacated(app.id(), channel), null);
            } else if (occupancy.subscriptionCount() > 0) {
                announcer.announce(app, new Transition.SubscriptionCountChanged(app.id(), channel, occupancy.subscriptionCount()),
                        null);
            }
        });
        awaitWebhookOf(connection, vacated, WebhookEventType.CHANNEL_VACATED, channel);
        String userId = subscription.presenceUserId();
        if (userId != null) {
            CompletionStage<?> removed = state.leavePresence(app.id(), channel, userId).whenComplete((left, error) -> {
                if (lease.failed(error)) {
                    lease.departureNotRecorded(app.id(), channel, userId);
                } else if (left.isPresent()) {
                    announcer.announce(app, new Transition.MemberRemoved(app.id(), channel, userId, left.getAsLong()), null);
                }
            });
            awaitWebhookOf(connection, removed, WebhookEventType.MEMBER_REMOVED, channel);
        }
    }

    /** A client event from {@code sender} to the channel's other subscribers, here and elsewhere. */
    public void relayClientEvent(Connection sender, String channel, String json) {
        relay.toChannelFrom(sender, channel, json);
    }

    /**
     * The subscription_succeeded data of a presence channel: its members across the cluster, or
     * this node's members when the state cannot answer. Never fails.
     */
    public CompletionStage<String> presenceRoster(String appId, String channel) {
        return state.presenceMembers(appId, channel).handle((members, error) -> {
            if (!lease.failed(error)) {
                return PresenceRoster.rosterJson(members);
            }
            LocalChannel here = channels.find(appId, channel);
            return here == null ? PresenceRoster.rosterJson(Map.of()) : here.roster().snapshot();
        });
    }

    public CompletionStage<Optional<ClusterState.CachedEvent>> cachedEvent(String appId, String channel) {
        return state.cachedEvent(appId, channel);
    }

    // ---- users --------------------------------------------------------------------------------

    /** Signs the connection in here and in the cluster: the user's first connection anywhere brings it online. */
    public void signIn(Connection connection, String userId, List<String> watchlist) {
        AppConfig app = connection.app();
        users.signIn(connection, userId, watchlist, relay);
        CompletionStage<?> decided = state.userSignedIn(app.id(), userId).whenComplete((cameOnline, error) -> {
            if (!lease.failed(error) && cameOnline) {
                announcer.announce(app, new Transition.UserOnline(app.id(), userId), null);
            }
        });
        awaitWebhookOf(connection, decided, WebhookEventType.USER_ONLINE, null);
    }

    /**
     * The connection's next acknowledgements wait for this decision when the app has an endpoint
     * for its webhook: the decision announces the event (and so emits it) before it completes.
     * Other apps, and decisions the in-memory state made at once, cost nothing.
     */
    private static void awaitWebhookOf(Connection connection, CompletionStage<?> decision, WebhookEventType type, String channel) {
        if (connection.app().wantsWebhook(type, channel)) {
            connection.acknowledgements().awaitDecision(decision);
        }
    }

    /** A signed-in connection closed: the user's last connection anywhere takes it offline. */
    public void signOut(Connection connection) {
        String userId = connection.userId();
        if (userId == null) {
            return;
        }
        AppConfig app = connection.app();
        users.signOut(connection, relay);
        state.userSignedOut(app.id(), userId).whenComplete((wentOffline, error) -> {
            if (!lease.failed(error) && wentOffline) {
                announcer.announce(app, new Transition.UserOffline(app.id(), userId), null);
            }
        });
    }

    /**
     * Which of {@code userIds} have a signed-in connection anywhere, or here when the state cannot
     * answer. Never fails.
     */
    public CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds) {
        return state.onlineUsers(appId, userIds).handle((online, error) ->
                lease.failed(error) ? users.signedInHere(appId, userIds) : online);
    }

    // ---- the node -----------------------------------------------------------------------------

    /** Connections of an app on the other nodes, as they last reported them (for the app's limit). */
    /** Nodes in the cluster at the last heartbeat, this one included. */
    public int liveNodes() {
        return lease.liveNodes();
    }

    public long connectionsElsewhere(String appId) {
        return lease.connectionsElsewhere(appId);
    }

    /** A state operation made elsewhere failed: this node re-asserts its whole share at the next heartbeat. */
    public void stateFailed(Throwable error) {
        lease.failed(error);
    }

    /**
     * Leaves the cluster: removes what remains of this node's share (announcing the transitions, so
     * members still here at the end are removed everywhere at once), then closes the drivers.
     */
    @Override
    public void close() {
        lease.close();
        relay.close();
        state.close();
    }
}
