package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.InMemoryBus;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The overview of every node, passed over an in-memory bus once a node asks for it. */
class NodeOverviewsTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InMemoryBus.Hub hub = new InMemoryBus.Hub();
    private final InMemoryBus busA = hub.node("node-a");
    private final InMemoryBus busB = hub.node("node-b");
    private final NodeOverviews a = start(busA, "node-a");
    private final NodeOverviews b = start(busB, "node-b");

    private NodeOverviews start(InMemoryBus bus, String id) {
        NodeOverviews overviews = new NodeOverviews(bus,
                () -> JsonNodeFactory.instance.objectNode().put("id", id).put("connections", 3), System::currentTimeMillis);
        bus.start(new BusListener() {
            @Override
            public void onMessage(BusMessage message) {
                overviews.onMessage(message);
            }
        });
        overviews.start(timer);
        return overviews;
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
        busA.close();
        busB.close();
    }

    @Test
    void aNodeThatAsksHearsTheOthersAndMarksItself() {
        await().untilAsserted(() -> assertThat(a.all()).extracting(node -> node.get("id").asText())
                .containsExactly("node-a", "node-b"));
        assertThat(a.all()).filteredOn(node -> node.path("this_node").asBoolean())
                .extracting(node -> node.get("id").asText()).containsExactly("node-a");
        assertThat(b.all()).extracting(node -> node.get("id").asText()).as("what a node answers at once").contains("node-b");
    }
}
