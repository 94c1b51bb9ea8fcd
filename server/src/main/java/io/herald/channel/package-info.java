/**
 * Channels with subscribers on this node: the registry ({@link io.herald.channel.LocalChannels}),
 * subscribers grouped per event loop ({@link io.herald.channel.LocalChannel}), this node's presence
 * rosters, the encode-once fan-out ({@link io.herald.channel.ChannelFanOut}, which passes on one
 * member's presence changes in version order, {@link io.herald.channel.MemberVersions}) and the
 * pace of subscription counts ({@link io.herald.channel.SubscriptionCounts}).
 * {@link io.herald.channel.ChannelHub} is what the HTTP API asks of the realtime side.
 *
 * <p>It records what happens here and decides nothing for the cluster: it tells a higher package
 * only through its own small interfaces ({@link io.herald.channel.ChannelInterest},
 * {@link io.herald.channel.SubscriptionCounts.Announcement}). Must not import {@code link},
 * {@code gateway}, {@code user} or {@code node}.
 */
package io.herald.channel;
