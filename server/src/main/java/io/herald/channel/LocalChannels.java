package io.herald.channel;

import io.herald.connection.Connection;
import io.herald.connection.LoopShards;
import io.herald.connection.Subscription;
import io.herald.metrics.HeraldMetrics;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The channels with subscribers on this node: who subscribes where, and this node's presence
 * rosters. It records what changed here and nothing else; what a change means for the whole
 * cluster (occupied, vacated, a new member) is decided by the cluster state and announced by the
 * node's link to it, which is the only caller of {@link #subscribe} and {@link #unsubscribe}.
 *
 * <p>A channel is created with its first subscriber and dropped with its last, inside one
 * {@link ConcurrentHashMap#compute} on its key, which also counts its subscriptions.
 */
public final class LocalChannels {

    private final LoopShards shards;
    private final HeraldMetrics metrics;
    private final ConcurrentMap<String, ConcurrentMap<String, LocalChannel>> byApp = new ConcurrentHashMap<>();

    public LocalChannels(LoopShards shards, HeraldMetrics metrics) {
        this.shards = shards;
        this.metrics = metrics;
    }

    /** A presence member joining: the user id and its user_info as JSON text ("null" when none). */
    public record Member(String userId, String userInfoJson) {}

    /**
     * Adds the connection to the channel on its event loop, creating the channel on its first
     * subscriber here (and telling {@code interest}). On presence channels {@code member} joins this
     * node's roster in the same step; when that roster already holds {@code maxMembers} users
     * nothing changes and the result is null.
     */
    public Subscription subscribe(Connection connection, String channelName, Member member, int maxMembers,
            ChannelInterest interest) {
        String appId = connection.app().id();
        boolean[] created = new boolean[1];
        boolean[] full = new boolean[1];
        LocalChannel channel = channels(appId).compute(channelName, (name, existing) -> {
            LocalChannel target = existing != null ? existing : new LocalChannel(appId, name, shards.count());
            if (member != null && target.roster().join(member.userId(), member.userInfoJson(), maxMembers)
                    == PresenceRoster.Outcome.FULL) {
                full[0] = true;
                return existing;
            }
            created[0] = existing == null;
            if (created[0]) {
                interest.firstSubscriberHere(appId, name);
            }
            target.countChanged(+1);
            return target;
        });
        if (full[0]) {
            return null;
        }
        // The channel's own name, not the one just parsed from the client's message: every
        // subscription to a channel then shares one string instead of holding a copy (about 50
        // bytes per idle connection).
        Subscription subscription = new Subscription(channel.name(), connection, member == null ? null : member.userId());
        channel.add(subscription);
        connection.addSubscription(channel.name(), subscription);
        metrics.subscriptionsChanged(appId, +1);
        if (created[0]) {
            metrics.channelsChanged(appId, +1);
        }
        return subscription;
    }

    /**
     * Removes the subscription on its connection's event loop, and its member from this node's
     * roster; the channel is dropped with its last subscriber here (telling {@code interest}).
     */
    public void unsubscribe(Subscription subscription, ChannelInterest interest) {
        Connection connection = subscription.connection();
        String appId = connection.app().id();
        connection.removeSubscription(subscription.channelName());
        subscription.gate().discard();
        LocalChannel channel = find(appId, subscription.channelName());
        channel.remove(subscription);
        if (subscription.presenceUserId() != null) {
            channel.roster().leave(subscription.presenceUserId());
        }
        boolean[] dropped = new boolean[1];
        channels(appId).computeIfPresent(subscription.channelName(), (name, existing) -> {
            existing.countChanged(-1);
            dropped[0] = existing.subscriptionCount() == 0;
            if (dropped[0]) {
                interest.lastSubscriberGone(appId, name);
            }
            return dropped[0] ? null : existing;
        });
        metrics.subscriptionsChanged(appId, -1);
        if (dropped[0]) {
            metrics.channelsChanged(appId, -1);
        }
    }

    /** This node's part of a channel, or null when it has no subscribers here. */
    public LocalChannel find(String appId, String channelName) {
        ConcurrentMap<String, LocalChannel> channels = byApp.get(appId);
        return channels == null ? null : channels.get(channelName);
    }

    /** Every channel with subscribers on this node, for re-asserting this node's share of the cluster. */
    public void forEachChannel(Consumer<LocalChannel> action) {
        byApp.values().forEach(channels -> channels.values().forEach(action));
    }

    private ConcurrentMap<String, LocalChannel> channels(String appId) {
        ConcurrentMap<String, LocalChannel> channels = byApp.get(appId);
        return channels != null ? channels : byApp.computeIfAbsent(appId, id -> new ConcurrentHashMap<>());
    }
}
