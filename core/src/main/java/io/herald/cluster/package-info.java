/**
 * State shared by the nodes of a cluster: channel subscription counts, presence members, signed-in
 * users, connections per app and cache channels' last events, each node's part scoped by its node
 * id and held by a lease. Transitions that make webhooks are decided atomically in the store, so
 * each happens once per cluster.
 *
 * <p>Start at {@link io.herald.cluster.ClusterState}. {@link io.herald.cluster.InMemoryClusterStore}
 * is the in-process driver and the reference model of the rules (the Redis driver lives in the
 * redis module and passes the same contract suite). No network code here.
 */
package io.herald.cluster;
