package io.herald.nats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.bus.Bus;
import io.herald.bus.BusCodec;
import io.herald.bus.BusCounters;
import io.herald.bus.BusException;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.herald.testkit.base.NatsServer;
import io.herald.testkit.base.NetworkedBusContract;
import io.herald.testkit.base.ServerPerClass;
import io.herald.testkit.base.ServerProcess;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NatsBusIT extends NetworkedBusContract {

    private static final Duration ADMIN_WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger PREFIXES = new AtomicInteger();
    @RegisterExtension
    static final ServerPerClass<NatsServer> NATS = new ServerPerClass<>(NatsServer::start);

    private String prefix;

    @BeforeEach
    void newPrefix() {
        prefix = "t" + PREFIXES.incrementAndGet() + ".herald";
    }

    @Override
    protected Bus newBus(String nodeId, BusCounters counters) {
        return new NatsBus(new ClusterConfig.Nats(NATS.get().url(), prefix), nodeId, counters);
    }

    @Override
    protected ServerProcess server() {
        return NATS.get();
    }

    @Override
    protected void publishRaw(BusTopic topic, byte[] payload) {
        try (Connection admin = Nats.connect(NATS.get().url())) {
            admin.publish(NatsBusSubjects.of(prefix).of(topic), payload);
            admin.flush(ADMIN_WAIT);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void survivesANatsRestart() {
        survivesAServerRestart();
    }

    /**
     * With the server not reading (paused) and the node's outgoing queue full of publishes, an
     * interest change neither blocks nor fails its caller (an event loop), and takes effect once
     * the server reads again.
     */
    @Test
    void interestChangesWithAFullOutgoingQueueNeitherBlockNorGetLost() {
        Node a = node("a");
        Node b = node("b");
        BusTopic flood = BusTopic.channel(APP, "flood");
        BusTopic later = BusTopic.channel(APP, "later");
        String kilobyte = "x".repeat(1_000);
        NATS.get().pause();
        try {
            // The socket takes data until the paused server's buffers are full; then the queue fills and drops.
            await().atMost(WAIT).until(() -> {
                for (int i = 0; i < 1_000; i++) {
                    a.bus().publish(event(flood, kilobyte, a));
                }
                return a.counters().dropped() > 0;
            });

            long started = System.nanoTime();
            a.bus().addInterest(later);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the caller is not held").isLessThan(Duration.ofSeconds(1));
        } finally {
            NATS.get().resume();
        }

        awaitInterest(b, a, later);
    }

    @Test
    void publishesOnTheDocumentedSubject() throws Exception {
        Node a = node("a");
        BusTopic topic = BusTopic.user("app.1", "user 1 ✓");
        try (Connection admin = Nats.connect(NATS.get().url())) {
            Subscription sub = admin.subscribe(prefix + ".bus.>");
            admin.flush(ADMIN_WAIT);

            a.bus().publish(message(topic, "where", a));

            Message received = sub.nextMessage(ADMIN_WAIT);
            assertThat(received.getSubject()).isEqualTo(prefix + ".bus.app%2E1.u.user%201%20%E2%9C%93");
            assertThat(BusCodec.decode(received.getData())).isEqualTo(message(topic, "where", a));
        }
    }

    @Test
    void refusesASubjectPrefixWithWildcards() {
        assertThatThrownBy(() -> new NatsBus(new ClusterConfig.Nats(NATS.get().url(), "herald.*"), "n", new BusCounters()))
                .isInstanceOf(BusException.class).hasMessageContaining("herald.*");
    }
}
