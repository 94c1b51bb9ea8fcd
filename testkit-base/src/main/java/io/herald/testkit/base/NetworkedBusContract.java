package io.herald.testkit.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.bus.BusCodec;
import io.herald.bus.BusTopic;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * The contract plus what a driver talking to a server must survive: the server killed and started
 * again on the same port. Subclasses name the case after their server ({@code survivesARedisRestart})
 * and call the scenario here. The bus objects are never recreated and interests are never added
 * again: the drivers must find their way back by themselves.
 */
public abstract class NetworkedBusContract extends BusContract {

    /** Publishing this many messages while disconnected must not take longer than {@link #PROMPTLY}. */
    private static final int PUBLISHED_WHILE_DOWN = 1_000;
    private static final Duration PROMPTLY = Duration.ofSeconds(1);

    /** The server the buses of {@link #newBus} talk to. */
    protected abstract ServerProcess server();

    /** Publishes raw bytes where the bus of this test's namespace carries {@code topic}, as another program could. */
    protected abstract void publishRaw(BusTopic topic, byte[] payload);

    @Test
    void dropsAndCountsWhatIsNotABusMessage() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "room");
        Node b = interestedNode("b", a, room);

        publishRaw(room, new byte[] {9, 9, 9});
        publishRaw(room, BusCodec.encode(event(room, "valid", a)));

        awaitMessages(b, 1);
        assertThat(b.counters().malformed()).isEqualTo(1);
        assertThat(b.bus().connected()).isTrue();
    }

    @Test
    void countsWhatItDropsWhileDisconnected() {
        Node a = node("a");
        server().kill();
        try {
            awaitConnection(a, List.of(false));
            long before = a.counters().dropped();
            a.bus().publish(event(BusTopic.channel(APP, "room"), "lost", a));
            assertThat(a.counters().dropped()).isEqualTo(before + 1);
        } finally {
            server().restart();
        }
        awaitConnection(a, List.of(false, true));
    }

    /**
     * Killed with SIGKILL: every node reports the loss once, publishing neither throws nor blocks,
     * interests change meanwhile; started again: every node reports being back once, and delivery
     * resumes on the interests held before and the ones changed while down.
     */
    protected final void survivesAServerRestart() {
        Node a = node("a");
        Node b = node("b");
        BusTopic kept = BusTopic.channel(APP, "kept");
        BusTopic dropped = BusTopic.channel(APP, "dropped-while-down");
        BusTopic added = BusTopic.user(APP, "added-while-down");
        b.bus().addInterest(kept);
        b.bus().addInterest(dropped);
        awaitInterest(a, b, kept, dropped);

        server().kill();
        awaitConnection(a, List.of(false));
        awaitConnection(b, List.of(false));
        publishesPromptlyWhileDown(a, kept);
        b.bus().removeInterest(dropped);
        b.bus().addInterest(added);

        server().restart();
        awaitConnection(a, List.of(false, true));
        awaitConnection(b, List.of(false, true));
        awaitInterest(a, b, kept, added);
        int before = b.listener().messages().size();
        a.bus().publish(event(kept, "after the restart", a));
        a.bus().publish(event(dropped, "not wanted any more", a));
        awaitMessages(b, before + 1);
        assertQuiet(b, before + 1);
        assertThat(b.listener().messages().getLast()).isEqualTo(event(kept, "after the restart", a));
        assertThat(b.listener().messages()).as("published while down: dropped, not queued")
                .noneMatch(m -> m.json().contains("while down"));
        assertThat(a.listener().connectionChanges()).containsExactly(false, true);
        assertThat(b.listener().connectionChanges()).containsExactly(false, true);
    }

    private static void publishesPromptlyWhileDown(Node node, BusTopic topic) {
        long start = System.nanoTime();
        for (int i = 0; i < PUBLISHED_WHILE_DOWN; i++) {
            node.bus().publish(event(topic, "while down " + i, node));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    /** Waits until {@code node} reported exactly {@code changes} and says it is connected accordingly. */
    protected static void awaitConnection(Node node, List<Boolean> changes) {
        awaitCondition(node.bus().nodeId() + " reporting " + changes,
                () -> node.listener().connectionChanges().equals(changes) && node.bus().connected() == changes.getLast());
    }

    private static void awaitCondition(String alias, Callable<Boolean> condition) {
        await().alias(alias).atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25)).until(condition);
    }
}
