/**
 * This node's part in its cluster, which is a cluster of one on in-memory drivers when the node
 * runs alone: every event takes the same path either way. {@link io.herald.link.ClusterLink} is
 * told what changed on this node, records it in the local registries, asks the shared
 * {@link io.herald.cluster.ClusterState} whether it is a transition for the whole cluster, and
 * hands every transition to the {@link io.herald.link.Announcer}, the one place that announces
 * them to its {@link io.herald.link.TransitionListener}s (clients, webhooks).
 * {@link io.herald.link.BusRelay} carries messages to and from the other nodes,
 * {@link io.herald.link.NodeLease} keeps this node's share of the state (lease, clean-up of dead
 * nodes, re-assertion), and {@link io.herald.link.ClusterHub} answers the HTTP API for the cluster.
 * For the web console, {@link io.herald.link.DebugRelay} passes an app's debug events between
 * nodes and {@link io.herald.link.NodeOverviews} every node's figures, both only while a console
 * asks for them, and {@link io.herald.link.DebugAnnouncements} tells the debug stream of
 * transitions.
 *
 * <p>Above {@code channel}, {@code user} and {@code connection}, which tell it nothing themselves
 * except bus interest through their listener interfaces; below {@code gateway} and {@code node}.
 * Must not import {@code gateway}, {@code node} or {@code transport}'s listeners.
 */
package io.herald.link;
