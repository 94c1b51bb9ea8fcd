/**
 * This node as part of a cluster: interest and messages on the bus, its share of the cluster state,
 * the lease that keeps it, the clean-up of dead nodes, and the HTTP API's cluster-wide answers.
 */
package io.herald.cluster;
