package io.herald.it;

/**
 * The cluster scenarios with a Redis Cluster (3 primaries, 3 replicas) carrying both the state,
 * split into hash-tagged partitions over the shards, and the events between nodes (sharded pub/sub).
 */
class ClusterOnRedisClusterIT extends ClusterScenarios {

    @Override
    HeraldCluster.BusEngine bus() {
        return HeraldCluster.BusEngine.REDIS_CLUSTER;
    }
}
