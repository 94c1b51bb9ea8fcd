package io.herald.bench.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.client.BenchClock;
import io.herald.bench.presence.PresenceCounters.Action;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A member's actions are timed from their scheduled times, and an action due during an unanswered join waits for it. */
class PresenceScheduleTest {

    private static final long LATE_MILLIS = 40;
    private static final String SUBSCRIBED = "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-bench-0\","
            + "\"data\":\"{}\"}";

    private final PresenceSpec spec = new PresenceSpec(URI.create("ws://127.0.0.1:1/app/k"), "k", "s", 1, "presence-bench-", 1, 1,
            100, 10, 60_000, List.of(), 1);
    private final PresenceCounters counters = new PresenceCounters(1, 1);
    private EmbeddedChannel member;

    @BeforeEach
    void connectTheMember() {
        member = new EmbeddedChannel(PresenceConnection.member(0, spec, counters));
        member.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
        member.writeInbound(new TextWebSocketFrame("{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":\\\"1.2\\\"}\"}"));
        assertThat(counters.membersReady()).isEqualTo(1);
    }

    @AfterEach
    void close() {
        member.finishAndReleaseAll();
    }

    @Test
    void timesAJoinFromItsScheduledTimeNotFromItsSend() {
        long scheduled = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(LATE_MILLIS);
        counters.measureFrom(scheduled);

        toggle(scheduled);
        assertThat(sentEvent()).contains("pusher:subscribe");
        member.writeInbound(new TextWebSocketFrame(SUBSCRIBED));
        counters.memberEvent(Action.JOIN, 0, BenchClock.nowMicros());

        assertThat(counters.joinAckLatency().getMinValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(LATE_MILLIS));
        assertThat(counters.addedLatency().getMinValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(LATE_MILLIS));
        assertThat(counters.joinsSent()).isEqualTo(1);
    }

    @Test
    void sendsALeaveDueDuringAnUnansweredJoinOnceTheJoinIsAnsweredAndTimesItFromItsSchedule() {
        long joinDue = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2 * LATE_MILLIS);
        long leaveDue = joinDue + TimeUnit.MILLISECONDS.toNanos(LATE_MILLIS);
        counters.measureFrom(joinDue);

        toggle(joinDue);
        assertThat(sentEvent()).contains("pusher:subscribe");
        toggle(leaveDue);
        assertThat((Object) member.readOutbound()).as("nothing more until the join is answered").isNull();

        member.writeInbound(new TextWebSocketFrame(SUBSCRIBED));
        assertThat(sentEvent()).contains("pusher:unsubscribe");
        counters.memberEvent(Action.JOIN, 0, BenchClock.nowMicros());
        counters.memberEvent(Action.LEAVE, 0, BenchClock.nowMicros());

        assertThat(counters.skipped()).isZero();
        assertThat(counters.leavesSent()).isEqualTo(1);
        assertThat(counters.addedReceived()).isEqualTo(1);
        assertThat(counters.removedLatency().getMinValue()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(LATE_MILLIS));
        assertThat(counters.expectedEvents()).as("one observer subscribed: none expected until it is").isZero();
    }

    @Test
    void leavesActionsScheduledBeforeTheMeasuredPhaseOutOfTheFigures() {
        long measuredFrom = System.nanoTime();
        counters.measureFrom(measuredFrom);

        toggle(measuredFrom - 1);
        member.writeInbound(new TextWebSocketFrame(SUBSCRIBED));
        counters.memberEvent(Action.JOIN, 0, BenchClock.nowMicros());

        assertThat(counters.joinsSent()).isZero();
        assertThat(counters.addedReceived()).isZero();
        assertThat(counters.eventsReceived()).isEqualTo(1);
    }

    @Test
    void countsTheActionsOfAMemberWhoseConnectionEndedAsSkipped() {
        long due = System.nanoTime();
        counters.measureFrom(due);

        toggle(due);
        toggle(due + 1);
        member.close();

        assertThat(counters.skipped()).as("the leave that waited for the join").isEqualTo(1);
    }

    private void toggle(long scheduledNanos) {
        ((PresenceConnection) member.pipeline().first()).toggle(scheduledNanos);
        member.runPendingTasks();
    }

    private String sentEvent() {
        TextWebSocketFrame frame = member.readOutbound();
        try {
            return frame.text();
        } finally {
            frame.release();
        }
    }
}
