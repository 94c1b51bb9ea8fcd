package io.herald.debug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugWatcherTest {

    private static ObjectNode event(int n) {
        return DebugTap.event("api_message").put("n", n);
    }

    @Test
    void queuesEventsInOrderAndDrainsThemOnce() {
        DebugWatcher watcher = new DebugWatcher(100, 100);
        for (int i = 0; i < 5; i++) {
            watcher.offer(event(i), 1_000);
        }
        assertThat(watcher.drain(1_000)).extracting(e -> e.get("n").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(watcher.drain(1_000)).isEmpty();
    }

    @Test
    void keepsAtMostMaxPerSecondAndMarksTheRestWhenTheSecondEnds() {
        DebugWatcher watcher = new DebugWatcher(3, 100);
        for (int i = 0; i < 10; i++) {
            watcher.offer(event(i), 5_000 + i);
        }
        assertThat(watcher.drain(5_500)).hasSize(3);
        watcher.offer(event(10), 6_000);
        List<ObjectNode> next = watcher.drain(6_000);
        assertThat(next).extracting(e -> e.get("type").asText()).containsExactly("sampled", "api_message");
        assertThat(next.get(0).get("left_out").asLong()).isEqualTo(7);
        assertThat(watcher.leftOutTotal()).isEqualTo(7);
    }

    @Test
    void marksLeftOutEventsOnDrainWhenNoLaterEventCame() {
        DebugWatcher watcher = new DebugWatcher(1, 100);
        watcher.offer(event(0), 1_000);
        watcher.offer(event(1), 1_001);
        assertThat(watcher.drain(1_002)).hasSize(1);
        List<ObjectNode> later = watcher.drain(2_000);
        assertThat(later).singleElement().satisfies(e -> assertThat(e.get("type").asText()).isEqualTo("sampled"));
    }

    @Test
    void cutsOffAConsoleThatDoesNotDrainAndHoldsNothingAfterwards() {
        DebugWatcher watcher = new DebugWatcher(1_000, 10);
        for (int i = 0; i < 10; i++) {
            watcher.offer(event(i), 1_000);
        }
        assertThat(watcher.cutOff()).isNull();
        assertThat(watcher.waiting()).isEqualTo(10);
        watcher.offer(event(10), 1_000);
        assertThat(watcher.cutOff()).contains("did not keep up");
        assertThat(watcher.waiting()).isZero();
        for (int i = 0; i < 1_000; i++) {
            watcher.offer(event(i), 1_000 + i);
        }
        assertThat(watcher.waiting()).isZero();
        assertThat(watcher.drain(9_000)).isEmpty();
    }

    @Test
    void aConsoleThatDrainsKeepsUpWithASteadyStream() {
        DebugWatcher watcher = new DebugWatcher(50, 60);
        for (int second = 0; second < 100; second++) {
            for (int i = 0; i < 200; i++) {
                watcher.offer(event(i), second * 1_000L + i);
            }
            assertThat(watcher.drain(second * 1_000L + 999)).hasSizeLessThanOrEqualTo(51);
        }
        assertThat(watcher.cutOff()).isNull();
    }

    @Test
    void refusesSenselessBounds() {
        assertThrows(IllegalArgumentException.class, () -> new DebugWatcher(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new DebugWatcher(10, 1));
    }
}
