package io.herald.it;

/** The cluster scenarios with NATS carrying the events between nodes; the state stays in Redis. */
class ClusterOnNatsIT extends ClusterScenarios {

    @Override
    HeraldCluster.BusEngine bus() {
        return HeraldCluster.BusEngine.NATS;
    }
}
