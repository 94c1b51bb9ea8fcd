package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeastLoadedTest {

    private static final URI A = URI.create("ws://127.0.0.1:6001/app/k");
    private static final URI B = URI.create("ws://127.0.0.1:6002/app/k");
    private static final URI C = URI.create("ws://127.0.0.1:6003/app/k");

    @Test
    void goesToTheOtherNodeWithFewestConnections() {
        Map<URI, AtomicInteger> counts = Map.of(A, new AtomicInteger(0), B, new AtomicInteger(5), C, new AtomicInteger(3));

        assertThat(Swarm.leastLoaded(List.of(A, B, C), A, counts, 0)).as("never back to the node it left").isEqualTo(C);
        assertThat(Swarm.leastLoaded(List.of(A, B, C), B, counts, 0)).isEqualTo(A);
    }

    @Test
    void spreadsOverEqualNodesFromTheStartGiven() {
        Map<URI, AtomicInteger> counts = Map.of();

        assertThat(Swarm.leastLoaded(List.of(A, B, C), A, counts, 1)).isEqualTo(B);
        assertThat(Swarm.leastLoaded(List.of(A, B, C), A, counts, 2)).isEqualTo(C);
    }

    @Test
    void aSingleNodeIsTheOnlyChoice() {
        assertThat(Swarm.leastLoaded(List.of(A), A, Map.of(), 0)).isEqualTo(A);
    }
}
