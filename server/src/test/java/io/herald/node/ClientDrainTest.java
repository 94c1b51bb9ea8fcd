package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientDrainTest {

    private static final Duration WINDOW = Duration.ofSeconds(120);

    @Test
    void withoutARateTheGroupsTakeTheWholeWindow() {
        assertThat(ClientDrain.spread(20_000, 20, WINDOW, 0)).isEqualTo(WINDOW);
    }

    @Test
    void aRateTellsTheClientsHeldAtThatPaceOverTheGroups() {
        // 20 groups told over 19 intervals of spread / 21: 2,000 clients at 500 a second take 4 s.
        Duration spread = ClientDrain.spread(2_000, 20, WINDOW, 500);
        Duration telling = spread.dividedBy(21).multipliedBy(19);

        assertThat(telling).isBetween(Duration.ofMillis(3_999), Duration.ofMillis(4_001));
    }

    @Test
    void theWindowStillBoundsTheDrainOfALargeNode() {
        assertThat(ClientDrain.spread(200_000, 20, WINDOW, 500)).isEqualTo(WINDOW);
    }

    @Test
    void aNodeWithNoClientsHasNothingToSpread() {
        assertThat(ClientDrain.spread(0, 20, WINDOW, 500)).isZero();
    }
}
