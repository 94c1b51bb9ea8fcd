package io.herald.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.InMemoryBus;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.StreamSupport;
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
                usageApps -> overview(id, usageApps), System::currentTimeMillis);
        bus.start(new BusListener() {
            @Override
            public void onMessage(BusMessage message) {
                overviews.onMessage(message);
            }
        });
        overviews.start(timer);
        return overviews;
    }

    /** A node's overview naming the apps whose usage it was asked to add. */
    private static ObjectNode overview(String id, Set<String> usageApps) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("id", id).put("connections", 3);
        usageApps.stream().sorted().forEach(node.putArray("usage_of")::add);
        return node;
    }

    private static List<String> usageOf(List<ObjectNode> nodes, String id) {
        return nodes.stream().filter(node -> node.path("id").asText().equals(id)).findFirst()
                .map(node -> StreamSupport.stream(node.path("usage_of").spliterator(), false).map(JsonNode::asText).toList())
                .orElse(List.of());
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

    @Test
    void anAppsUsageIsAddedOnlyWhileItsPageAsksForIt() {
        await().untilAsserted(() -> assertThat(a.all()).hasSize(2));
        assertThat(usageOf(a.all(), "node-b")).as("the overview page alone asks for no app's usage").isEmpty();

        await().untilAsserted(() -> assertThat(usageOf(a.all("app-1"), "node-b")).containsExactly("app-1"));
        assertThat(usageOf(a.all("app-1"), "node-a")).as("this node's own, at once").containsExactly("app-1");
        await().untilAsserted(() -> assertThat(usageOf(a.all("app-2"), "node-b")).containsExactly("app-1", "app-2"));
    }

    @Test
    void aRequestNamingTooManyOrMalformedAppsIsBounded() {
        StringBuilder apps = new StringBuilder("{\"usage\":[");
        for (int i = 0; i < NodeOverviews.MAX_USAGE_APPS + 50; i++) {
            apps.append(i == 0 ? "" : ",").append("\"app-").append(i).append('"');
        }
        busA.publish(new BusMessage(NodeOverviews.WANTED, BusMessage.Type.USER_EVENT, apps + "]}", null, "node-a"));
        busA.publish(new BusMessage(NodeOverviews.WANTED, BusMessage.Type.USER_EVENT, "{\"usage\":", null, "node-a"));

        await().untilAsserted(() -> assertThat(usageOf(a.all(), "node-b")).hasSize(NodeOverviews.MAX_USAGE_APPS));
    }
}
