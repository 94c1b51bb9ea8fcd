package io.herald.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.base.BusContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reference driver against the contract, plus what only an in-process hub can promise. */
class InMemoryBusTest extends BusContract {

    private InMemoryBus.Hub hub;

    @BeforeEach
    void newHub() {
        hub = new InMemoryBus.Hub();
    }

    @Override
    protected Bus newBus(String nodeId, BusCounters counters) {
        return hub.node(nodeId, counters);
    }

    @Test
    void refusesTwoNodesWithOneIdUntilTheFirstCloses() {
        InMemoryBus first = hub.node("same");

        assertThatThrownBy(() -> hub.node("same")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same");
        first.close();
        hub.node("same").close();
    }

    @Test
    void aClosedNodeReceivesNothingAndCountsWhatItCouldNotPublish() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "room");
        Node b = interestedNode("b", a, room);

        b.bus().close();
        a.bus().publish(event(room, "after close", a));
        b.bus().publish(event(room, "from a closed node", b));

        assertQuiet(b);
        assertThat(b.bus().connected()).isFalse();
        assertThat(b.counters().dropped()).isEqualTo(1);
    }

    @Test
    void startsOnce() {
        Node a = node("a");

        assertThatThrownBy(() -> a.bus().start(a.listener())).isInstanceOf(IllegalStateException.class);
    }
}
