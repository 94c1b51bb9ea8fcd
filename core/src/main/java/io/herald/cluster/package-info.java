/**
 * State shared by the nodes of a cluster: channel subscription counts, presence members, signed-in
 * users, connections per app and cache channels' last events, each node's part scoped by its node
 * id and held by a lease. Transitions that make webhooks are decided atomically in the store, so
 * each happens once per cluster.
 */
package io.herald.cluster;
