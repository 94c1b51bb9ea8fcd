package io.herald.cluster;

/**
 * One thing a node counts in the shared state, by the node's own connections: subscriptions to a
 * channel, connections of a user in a presence channel, or signed-in connections of a user. The
 * cluster-wide figure of an entry is the sum over the nodes, and its transitions happen when that
 * sum leaves or reaches zero.
 */
sealed interface NodeEntry {

    String appId();

    record Subscriptions(String appId, String channel) implements NodeEntry {}

    record Member(String appId, String channel, String userId) implements NodeEntry {}

    record SignedIn(String appId, String userId) implements NodeEntry {}
}
