package io.herald.link;

import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.cluster.ClusterState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** What an operator needs to see of the cluster link: engines connected, failures, clean-ups. */
public final class ClusterMetrics {

    private final Counter stateFailures;
    private final Counter reassertions;
    private final Counter nodesCleanedUp;

    /** Registers the meters of a link to the cluster through {@code bus} and {@code state}, which counts into {@code bus}. */
    public ClusterMetrics(MeterRegistry registry, Bus busDriver, BusCounters bus, ClusterState state) {
        Gauge.builder("herald_cluster_connected", () -> busDriver.connected() ? 1 : 0)
                .description("1 while the cluster engine is reachable, 0 during an outage")
                .tag("engine", busDriver.name()).tag("role", "bus").register(registry);
        Gauge.builder("herald_cluster_connected", () -> state.connected() ? 1 : 0)
                .description("1 while the cluster engine is reachable, 0 during an outage")
                .tag("engine", state.name()).tag("role", "state").register(registry);
        stateFailures = Counter.builder("herald_cluster_state_failures")
                .description("Cluster state operations that failed; the node re-asserts its state afterwards")
                .register(registry);
        reassertions = Counter.builder("herald_cluster_reassertions")
                .description("Times this node rewrote its whole share of the cluster state").register(registry);
        nodesCleanedUp = Counter.builder("herald_cluster_dead_nodes_cleaned")
                .description("Dead nodes whose state this node removed").register(registry);
        String busMessages = "Messages between nodes: published, received, dropped while the bus was down, malformed";
        FunctionCounter.builder("herald_cluster_bus_messages", bus, BusCounters::published)
                .tag("outcome", "published").description(busMessages).register(registry);
        FunctionCounter.builder("herald_cluster_bus_messages", bus, BusCounters::received)
                .tag("outcome", "received").description(busMessages).register(registry);
        FunctionCounter.builder("herald_cluster_bus_messages", bus, BusCounters::dropped)
                .tag("outcome", "dropped").description(busMessages).register(registry);
        FunctionCounter.builder("herald_cluster_bus_messages", bus, BusCounters::malformed)
                .tag("outcome", "malformed").description(busMessages).register(registry);
    }

    void stateFailure() {
        stateFailures.increment();
    }

    void reasserted() {
        reassertions.increment();
    }

    void nodeCleanedUp() {
        nodesCleanedUp.increment();
    }
}
