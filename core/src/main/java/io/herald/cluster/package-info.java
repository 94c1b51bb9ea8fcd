/**
 * State shared by the nodes of a cluster: channel subscription counts, presence members, signed-in
 * users, connections per app and cache channels' last events, each node's part scoped by its node
 * id and held by a lease. Transitions that make webhooks are decided atomically in the store, so
 * each happens once per cluster, and reported as {@link io.herald.cluster.Transition}s.
 *
 * <p>Start at {@link io.herald.cluster.ClusterState}. {@link io.herald.cluster.InMemoryClusterStore}
 * is the in-process driver, the state of a node that runs alone (a cluster of one) and the
 * reference model of the rules; the Redis driver lives in the redis module and passes the same
 * contract suite. The server's side of a cluster (bus relay, lease, announcements) is package
 * {@code io.herald.link} of the server module. No network code here.
 */
package io.herald.cluster;
