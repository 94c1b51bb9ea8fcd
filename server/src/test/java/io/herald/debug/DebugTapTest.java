package io.herald.debug;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DebugTapTest {

    private final AtomicLong clock = new AtomicLong(10_000);
    private final DebugTap tap = new DebugTap("node-a", clock::get);

    @Test
    void anAppIsWatchedOnlyWhileAConsoleWatchesIt() {
        assertThat(tap.watched("shop")).isFalse();
        DebugWatcher first = new DebugWatcher(10, 10);
        DebugWatcher second = new DebugWatcher(10, 10);
        tap.watch("shop", first);
        tap.watch("shop", second);
        assertThat(tap.watched("shop")).isTrue();
        assertThat(tap.watched("other")).isFalse();
        tap.unwatch("shop", first);
        assertThat(tap.watched("shop")).isTrue();
        tap.unwatch("shop", second);
        assertThat(tap.watched("shop")).isFalse();
        assertThat(tap.watchedApps()).isEmpty();
    }

    @Test
    void emittedEventsReachEachWatcherOfTheirAppWithTimeAndNode() {
        DebugWatcher shop = new DebugWatcher(10, 10);
        DebugWatcher other = new DebugWatcher(10, 10);
        tap.watch("shop", shop);
        tap.watch("other", other);
        tap.emit("shop", DebugTap.event("connection").put("socket_id", "1.2"));
        assertThat(shop.drain(clock.get())).singleElement().satisfies(event -> {
            assertThat(event.get("type").asText()).isEqualTo("connection");
            assertThat(event.get("node").asText()).isEqualTo("node-a");
            assertThat(event.get("at").asLong()).isEqualTo(10_000);
        });
        assertThat(other.drain(clock.get())).isEmpty();
    }
}
