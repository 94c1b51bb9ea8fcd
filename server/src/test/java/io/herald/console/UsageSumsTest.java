package io.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.metrics.RecentUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UsageSumsTest {

    private static final long MINUTE = 60_000;

    @Test
    void addsTheNodesMinutesAlignedOnTheMinuteEachNamed() {
        AtomicLong clockA = new AtomicLong(500 * MINUTE);
        AtomicLong clockB = new AtomicLong(499 * MINUTE);
        RecentUsage a = new RecentUsage(clockA::get);
        RecentUsage b = new RecentUsage(clockB::get);
        a.add("shop", RecentUsage.Kind.MESSAGES_SENT, 2);
        b.add("shop", RecentUsage.Kind.MESSAGES_SENT, 5);
        b.add("shop", RecentUsage.Kind.CONNECTION_MILLIS, 2_500);
        b.add("blog", RecentUsage.Kind.MESSAGES_SENT, 100);
        ObjectNode nodeA = node(a).put("this_node", true);
        ObjectNode nodeB = node(b);

        ObjectNode sum = UsageSums.sum(List.of(nodeA, nodeB), "shop");

        assertThat(sum.path("minute").asLong()).isEqualTo(500);
        assertThat(sum.path("nodes").asInt()).isEqualTo(2);
        assertThat(sum.path("series").path("messages_sent").get(59).asDouble()).isEqualTo(2);
        assertThat(sum.path("series").path("messages_sent").get(58).asDouble()).as("node b's minute, one earlier").isEqualTo(5);
        assertThat(sum.path("totals").path("messages_sent").asDouble()).isEqualTo(7);
        assertThat(sum.path("totals").path("connection_seconds").asDouble()).isEqualTo(2.5);
        assertThat(UsageSums.sum(List.of(nodeA, nodeB), "other").path("totals").path("messages_sent").asDouble()).isZero();
    }

    private static ObjectNode node(RecentUsage usage) {
        ObjectNode node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        node.set("usage", UsageSums.describe(usage, usage.lastHour().keySet()));
        return node;
    }
}
