package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.InMemoryBus;
import io.herald.debug.DebugTap;
import io.herald.debug.DebugWatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Debug events between two nodes over an in-memory bus: produced on a node only while a console elsewhere watches. */
class DebugRelayTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryBus.Hub hub = new InMemoryBus.Hub();
    private final DebugTap tapA = new DebugTap("node-a", System::currentTimeMillis);
    private final DebugTap tapB = new DebugTap("node-b", System::currentTimeMillis);
    private final InMemoryBus busA = hub.node("node-a");
    private final InMemoryBus busB = hub.node("node-b");

    DebugRelayTest() {
        start(busA, tapA);
        start(busB, tapB);
    }

    private void start(InMemoryBus bus, DebugTap tap) {
        DebugRelay relay = new DebugRelay(bus, tap, System::currentTimeMillis, 100, 100);
        bus.start(new BusListener() {
            @Override
            public void onMessage(BusMessage message) {
                relay.onMessage(message);
            }

            @Override
            public void onConnectionChanged(boolean connected) { }
        });
        relay.start(timer);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        busA.close();
        busB.close();
    }

    @Test
    void anotherNodeProducesEventsOnlyOnceAConsoleWatchesTheAppAndSendsThemToIt() {
        assertThat(tapB.watched("shop")).isFalse();
        DebugWatcher console = new DebugWatcher(100, 100);
        tapA.watch("shop", console);
        await().until(() -> tapB.watched("shop"));
        assertThat(tapB.watched("other")).isFalse();

        tapB.emit("shop", DebugTap.event("api_message").put("channel", "orders"));
        List<ObjectNode> seen = new ArrayList<>();
        await().untilAsserted(() -> {
            seen.addAll(console.drain(System.currentTimeMillis()));
            assertThat(seen).extracting(event -> event.get("node").asText() + " " + event.get("type").asText())
                    .contains("node-b api_message");
        });
    }
}
