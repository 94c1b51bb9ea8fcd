package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.swarm.Reconnects;
import io.herald.bench.swarm.SwarmCounters;
import io.herald.protocol.PusherMessages;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriberReconnectTest {

    private final SwarmCounters counters = new SwarmCounters(1);
    private final List<Resubscription> handedBack = new ArrayList<>();

    private EmbeddedChannel connection(Resubscription resuming) {
        SubscriberHandler handler = new SubscriberHandler("bench-0", 0, counters, 30_000, null, subscribed -> { }, 7,
                resuming, (index, next) -> {
                    assertThat(index).isEqualTo(7);
                    handedBack.add(next);
                });
        EmbeddedChannel channel = new EmbeddedChannel(handler);
        channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        channel.writeInbound(new TextWebSocketFrame(PusherMessages.connectionEstablished("1.2", 120)));
        channel.writeInbound(new TextWebSocketFrame(PusherMessages.subscriptionSucceeded("bench-0", "{}")));
        return channel;
    }

    private static TextWebSocketFrame event(long seq) {
        return new TextWebSocketFrame(PusherMessages.channelEvent("bench", "bench-0", BenchPayload.data(true, seq, 5, 0), null));
    }

    @Test
    void aDrainingNodesCloseHandsTheSubscriberBackInsteadOfDroppingIt() {
        EmbeddedChannel first = connection(null);
        first.writeInbound(event(0));
        first.writeInbound(event(1));

        first.writeInbound(new CloseWebSocketFrame(4200, "reconnect immediately"));

        assertThat(handedBack).singleElement().satisfies(next -> {
            assertThat(next.attempt()).isEqualTo(1);
            assertThat(next.highestBefore()).isEqualTo(1);
        });
        assertThat(counters.droppedCount()).isZero();
        assertThat(counters.reconnects().told()).isEqualTo(1);
    }

    @Test
    void theNextConnectionCountsItsTimeToResubscribedAndTheEventsItWasAwayFor() {
        SequenceTracker sequence = new SequenceTracker();
        sequence.receive(0);
        sequence.receive(1);
        Resubscription resuming = new Resubscription(System.nanoTime(), sequence, 1, 1);

        EmbeddedChannel next = connection(resuming);
        next.writeInbound(event(4));
        next.writeInbound(event(5));

        Reconnects reconnects = counters.reconnects();
        assertThat(reconnects.resubscribed()).isEqualTo(1);
        assertThat(reconnects.resubscribeMicros().getTotalCount()).isEqualTo(1);
        assertThat(reconnects.missedEvents()).isEqualTo(2);
        assertThat(counters.subscribedCount()).as("the subscriber was counted once, when it first subscribed").isZero();
        assertThat(sequence.gaps()).as("what it missed is a gap of the same subscriber").isEqualTo(2);
    }

    @Test
    void aFailedReconnectionTriesAgainThenGivesUpAsADrop() {
        Resubscription resuming = new Resubscription(System.nanoTime(), new SequenceTracker(), -1, 1);
        EmbeddedChannel refused = new EmbeddedChannel(new SubscriberHandler("bench-0", 0, counters, 30_000, null, s -> { }, 7,
                resuming, (index, next) -> handedBack.add(next)));
        refused.close();
        assertThat(handedBack).singleElement().extracting(Resubscription::attempt).isEqualTo(2);

        EmbeddedChannel last = new EmbeddedChannel(new SubscriberHandler("bench-0", 0, counters, 30_000, null, s -> { }, 7,
                new Resubscription(System.nanoTime(), new SequenceTracker(), -1, ReconnectBackoff.MAX_ATTEMPTS),
                (index, next) -> handedBack.add(next)));
        last.close();

        assertThat(handedBack).hasSize(1);
        assertThat(counters.reconnects().gaveUp()).isEqualTo(1);
        assertThat(counters.droppedCount()).isEqualTo(1);
        assertThat(counters.reconnects().attemptsFailed()).containsValue(2L);
    }

    @Test
    void anyOtherCloseIsStillADrop() {
        EmbeddedChannel first = connection(null);

        first.writeInbound(new CloseWebSocketFrame(4009, "unauthorized"));

        assertThat(handedBack).isEmpty();
        assertThat(counters.droppedCount()).isEqualTo(1);
    }
}
