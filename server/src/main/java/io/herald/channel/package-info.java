/**
 * Channels on this node: subscribers grouped per event loop, presence rosters, cache channels and the
 * encode-once fan-out. {@link io.herald.channel.ChannelHub} is what the HTTP API sees; start reading at
 * {@link io.herald.channel.LocalChannels}.
 */
package io.herald.channel;
