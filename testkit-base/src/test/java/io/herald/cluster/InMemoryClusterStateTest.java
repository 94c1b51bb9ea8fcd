package io.herald.cluster;

import io.herald.testkit.base.ClusterStateContract;
import java.time.Duration;

class InMemoryClusterStateTest extends ClusterStateContract {

    private InMemoryClusterStore store;

    @Override
    protected void newStore() {
        store = new InMemoryClusterStore();
    }

    @Override
    protected ClusterState openNode(String nodeId, Duration lease) {
        return store.node(nodeId, lease);
    }

    @Override
    protected void wipeStore() {
        store.clear();
    }
}
