package io.herald.it;

/** The cluster scenarios with Redis carrying both the state and the events between nodes. */
class ClusterOnRedisIT extends ClusterScenarios {

    @Override
    HeraldCluster.BusEngine bus() {
        return HeraldCluster.BusEngine.REDIS;
    }
}
