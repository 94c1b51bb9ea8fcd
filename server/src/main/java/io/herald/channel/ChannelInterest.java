package io.herald.channel;

/**
 * Told when a channel gets its first subscriber on this node and loses its last, so that events
 * published elsewhere reach this node exactly while it has subscribers. Called under the channel's
 * key lock, which orders a channel's first subscriber after the previous last one: implementations
 * must return at once and take no lock of their own that {@link LocalChannels} could wait for.
 */
public interface ChannelInterest {

    void firstSubscriberHere(String appId, String channel);

    void lastSubscriberGone(String appId, String channel);
}
