package io.herald.bench.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodesAwayTest {

    private static final URI A = URI.create("ws://127.0.0.1:6001/app/k");
    private static final URI B = URI.create("ws://127.0.0.1:6002/app/k");
    private static final URI C = URI.create("ws://127.0.0.1:6003/app/k");

    private final NodesAway away = new NodesAway();

    @Test
    void aNodeThatTurnedSomeoneAwayIsLeftOutUntilItHasNotForAWhile() {
        away.turnedAway(B, 1_000);

        assertThat(away.present(List.of(A, B, C), 1_000 + NodesAway.AWAY_NANOS - 1)).containsExactly(A, C);
        assertThat(away.present(List.of(A, B, C), 1_000 + NodesAway.AWAY_NANOS)).containsExactly(A, B, C);
    }

    @Test
    void everyRefusalPutsTheReturnOff() {
        away.turnedAway(B, 1_000);
        away.turnedAway(B, 2_000_000_000L);
        away.turnedAway(B, 1_500);

        assertThat(away.present(List.of(A, B), 1_000 + NodesAway.AWAY_NANOS)).containsExactly(A);
    }

    @Test
    void whenEveryNodeIsAwayAllAreCandidates() {
        away.turnedAway(A, 0);
        away.turnedAway(B, 0);

        assertThat(away.present(List.of(A, B), 1)).containsExactly(A, B);
    }
}
