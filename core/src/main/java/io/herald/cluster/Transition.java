package io.herald.cluster;

import io.herald.cluster.NodeEntry.Member;
import io.herald.cluster.NodeEntry.SignedIn;
import io.herald.cluster.NodeEntry.Subscriptions;
import java.util.function.Supplier;

/**
 * A change of cluster-wide state that the node observing it must announce: to connections
 * (member_added/removed, subscription_count, watchlist events) and to webhooks.
 */
public sealed interface Transition {

    String appId();

    /** A channel got its first subscriber anywhere. */
    record ChannelOccupied(String appId, String channel, long subscriptionCount) implements Transition {}

    /** A channel lost its last subscriber anywhere. */
    record ChannelVacated(String appId, String channel) implements Transition {}

    /** A channel still occupied whose subscription count changed by a clean-up or re-assertion. */
    record SubscriptionCountChanged(String appId, String channel, long subscriptionCount) implements Transition {}

    /**
     * A user's first connection anywhere in a presence channel. {@code version} is the channel's
     * presence version this change made (see {@link ClusterState#joinPresence}).
     */
    record MemberAdded(String appId, String channel, String userId, String userInfoJson, long version) implements Transition {}

    /** A user's last connection anywhere left a presence channel, at the channel's presence {@code version}. */
    record MemberRemoved(String appId, String channel, String userId, long version) implements Transition {}

    /** A user's first signed-in connection anywhere. */
    record UserOnline(String appId, String userId) implements Transition {}

    /** A user's last signed-in connection anywhere closed. */
    record UserOffline(String appId, String userId) implements Transition {}

    /**
     * The transition, if any, of an entry whose cluster-wide total went from {@code before} to
     * {@code after}; a member's info is asked for only when it joined.
     */
    static Transition between(NodeEntry entry, long before, long after, Supplier<String> memberInfo, long presenceVersion) {
        if (before == after) {
            return null;
        }
        return switch (entry) {
            case Subscriptions s -> before == 0 ? new ChannelOccupied(s.appId(), s.channel(), after)
                    : after == 0 ? new ChannelVacated(s.appId(), s.channel())
                    : new SubscriptionCountChanged(s.appId(), s.channel(), after);
            case Member m -> before == 0 ? new MemberAdded(m.appId(), m.channel(), m.userId(), memberInfo.get(), presenceVersion)
                    : after == 0 ? new MemberRemoved(m.appId(), m.channel(), m.userId(), presenceVersion)
                    : null;
            case SignedIn u -> before == 0 ? new UserOnline(u.appId(), u.userId())
                    : after == 0 ? new UserOffline(u.appId(), u.userId())
                    : null;
        };
    }
}
