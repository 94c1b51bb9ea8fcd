package io.herald.cluster;

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
}
