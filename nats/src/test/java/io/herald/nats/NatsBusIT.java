package io.herald.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.bus.Bus;
import io.herald.bus.BusCodec;
import io.herald.bus.BusCounters;
import io.herald.bus.BusException;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.herald.testkit.NatsServer;
import io.herald.testkit.NetworkedBusContract;
import io.herald.testkit.ServerProcess;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NatsBusIT extends NetworkedBusContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static NatsServer nats;

    private String prefix;

    @BeforeAll
    static void startNats() {
        nats = NatsServer.start();
    }

    @AfterAll
    static void stopNats() {
        nats.close();
    }

    @BeforeEach
    void newPrefix() {
        prefix = "t" + PREFIXES.incrementAndGet() + ".herald";
    }

    @Override
    protected Bus newBus(String nodeId) {
        return new NatsBus(new ClusterConfig.Nats(nats.url(), prefix), nodeId, new BusCounters());
    }

    @Override
    protected ServerProcess server() {
        return nats;
    }

    @Test
    void survivesANatsRestart() {
        survivesAServerRestart();
    }

    @Test
    void publishesOnTheDocumentedSubject() throws Exception {
        Node a = node("a");
        BusTopic topic = BusTopic.user("app.1", "user 1 ✓");
        try (Connection admin = Nats.connect(nats.url())) {
            var sub = admin.subscribe(prefix + ".bus.>");
            admin.flush(Duration.ofSeconds(5));

            a.bus().publish(message(topic, "where", a));

            var received = sub.nextMessage(Duration.ofSeconds(10));
            assertThat(received.getSubject()).isEqualTo(prefix + ".bus.app%2E1.u.user%201%20%E2%9C%93");
            assertThat(BusCodec.decode(received.getData())).isEqualTo(message(topic, "where", a));
        }
    }

    @Test
    void dropsAndCountsWhatIsNotABusMessage() throws Exception {
        Node a = node("a");
        Node b = node("b");
        BusTopic room = BusTopic.channel(APP, "room");
        b.bus().addInterest(room);
        awaitInterest(a, b, room);

        try (Connection admin = Nats.connect(nats.url())) {
            String subject = NatsBusSubjects.of(prefix).of(room);
            admin.publish(subject, new byte[] {9, 9, 9});
            admin.publish(subject, BusCodec.encode(event(room, "valid", a)));
            admin.flush(Duration.ofSeconds(5));
        }

        awaitMessages(b, 1);
        assertThat(((NatsBus) b.bus()).counters().malformed()).isEqualTo(1);
    }

    @Test
    void countsWhatItDropsWhileDisconnected() {
        Node a = node("a");
        nats.kill();
        try {
            awaitConnection(a, List.of(false));
            long before = ((NatsBus) a.bus()).counters().dropped();
            a.bus().publish(event(BusTopic.channel(APP, "room"), "lost", a));
            assertThat(((NatsBus) a.bus()).counters().dropped()).isEqualTo(before + 1);
        } finally {
            nats.restart();
        }
        awaitConnection(a, List.of(false, true));
    }

    @Test
    void refusesASubjectPrefixWithWildcards() {
        assertThatThrownBy(() -> new NatsBus(new ClusterConfig.Nats(nats.url(), "herald.*"), "n", new BusCounters()))
                .isInstanceOf(BusException.class).hasMessageContaining("herald.*");
    }
}
