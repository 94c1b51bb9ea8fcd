package io.herald.testkit.base;

import static io.herald.testkit.base.RecordingBusListener.PROBE_JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.bus.Bus;
import io.herald.bus.BusCounters;
import io.herald.bus.BusMessage;
import io.herald.bus.BusMessage.Type;
import io.herald.bus.BusTopic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Bus} driver must do, as one suite: a driver's test extends this class and says
 * how to make a node's bus. Nodes made in one test share one engine namespace (one hub, key
 * prefix or subject prefix) that no other test uses.
 *
 * <p>{@link Bus#addInterest} returns before the engine has the subscription, and the bus is at
 * most once, so a message published right after it may be lost. Tests therefore publish probes
 * until the receiver has heard one on every topic it wants ({@link #awaitInterest}), and only then
 * publish what they assert on. That something does not arrive is checked over {@link #QUIET},
 * after what should arrive has.
 */
public abstract class BusContract {

    protected static final Duration WAIT = Duration.ofSeconds(20);
    /** How long a message that should not arrive is given to show up anyway. */
    protected static final Duration QUIET = Duration.ofMillis(300);
    protected static final String APP = "app-1";

    private final List<Bus> opened = new ArrayList<>();

    /** A bus for node {@code nodeId} on this test's engine namespace, counting into {@code counters}, not started. */
    protected abstract Bus newBus(String nodeId, BusCounters counters);

    /** A node on this test's namespace, started with a recording listener, closed after the test. */
    protected final Node node(String nodeId) {
        BusCounters counters = new BusCounters();
        Bus bus = newBus(nodeId, counters);
        opened.add(bus);
        RecordingBusListener listener = new RecordingBusListener();
        bus.start(listener);
        return new Node(bus, listener, counters);
    }

    /** A node interested in {@code topics}, once probes from {@code from} reach it on each. */
    protected final Node interestedNode(String nodeId, Node from, BusTopic... topics) {
        Node node = node(nodeId);
        for (BusTopic topic : topics) {
            node.bus().addInterest(topic);
        }
        awaitInterest(from, node, topics);
        return node;
    }

    @AfterEach
    void closeNodes() {
        for (Bus bus : opened.reversed()) {
            bus.close();
        }
        opened.clear();
    }

    @Test
    void namesItselfAndItsNodeAndIsConnected() {
        Node a = node("node-a");

        assertThat(a.bus().nodeId()).isEqualTo("node-a");
        assertThat(a.bus().name()).isNotBlank();
        assertThat(a.bus().connected()).isTrue();
    }

    @Test
    void deliversToInterestedNodesOnly() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "room");
        Node b = interestedNode("b", a, room);
        Node c = interestedNode("c", a, BusTopic.channel(APP, "other"));

        a.bus().publish(event(room, "hello", a));
        a.bus().publish(event(BusTopic.channel(APP, "nobody-listens"), "void", a));

        awaitMessages(b, 1);
        assertThat(b.listener().messages()).containsExactly(event(room, "hello", a));
        assertQuiet(c);
        assertQuiet(b, 1);
    }

    @Test
    void neverDeliversBackToThePublisher() {
        Node a = node("a");
        Node b = node("b");
        BusTopic room = BusTopic.channel(APP, "room");
        a.bus().addInterest(room);
        b.bus().addInterest(room);
        awaitInterest(a, b, room);
        awaitInterest(b, a, room);

        a.bus().publish(event(room, "from a", a));

        awaitMessages(b, 1);
        assertQuiet(a);
        assertThat(a.listener().heard()).allSatisfy(m -> assertThat(m.originNodeId()).isEqualTo("b"));
    }

    @Test
    void removingInterestStopsDelivery() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "room");
        Node b = interestedNode("b", a, room);
        a.bus().publish(event(room, "before", a));
        awaitMessages(b, 1);

        b.bus().removeInterest(room);
        a.bus().publish(event(room, "after", a));

        assertQuiet(b, 1);
        assertThat(b.listener().messages()).extracting(BusMessage::json).containsExactly(json("before"));
    }

    @Test
    void interestIsASetNotACount() {
        Node a = node("a");
        Node b = node("b");
        BusTopic user = BusTopic.user(APP, "user-1");
        b.bus().addInterest(user);
        b.bus().addInterest(user);
        awaitInterest(a, b, user);

        b.bus().removeInterest(user);
        a.bus().publish(new BusMessage(user, Type.USER_EVENT, json("after"), null, "a"));

        assertQuiet(b);
    }

    @Test
    void keepsTheOrderOfOnePublisherOnATopic() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "ordered");
        Node b = interestedNode("b", a, room);

        int count = 1_000;
        for (int i = 0; i < count; i++) {
            a.bus().publish(event(room, Integer.toString(i), a));
        }

        awaitMessages(b, count);
        assertThat(b.listener().messages()).extracting(BusMessage::json)
                .containsExactlyElementsOf(IntStream.range(0, count).mapToObj(i -> json(Integer.toString(i))).toList());
    }

    @Test
    void carriesEveryTypeAndEveryField() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "presence-ルーム");
        BusTopic user = BusTopic.user(APP, "ユーザー-🎉");
        Node b = interestedNode("b", a, room, user);
        List<BusMessage> sent = List.of(
                new BusMessage(room, Type.CHANNEL_EVENT, "{\"event\":\"e\",\"data\":\"héllo ✓ 日本 🎉 \\\"q\\\"\"}", "123.456", "a"),
                new BusMessage(room, Type.CHANNEL_EVENT, json("no exclude"), null, "a"),
                new BusMessage(room, Type.PRESENCE_EVENT, json("member_added"), "1.2", "a",
                        new BusMessage.PresenceChange("ユーザー-🎉", 1_733_600_000_123_456L)),
                new BusMessage(user, Type.USER_EVENT, json("to the user ✓"), "7.8", "a"),
                new BusMessage(user, Type.WATCHLIST_EVENT, "{\"event\":\"online\",\"data\":{\"user_ids\":[\"ユーザー-🎉\"]}}", null, "a"),
                new BusMessage(user, Type.TERMINATE, null, null, "a"));

        sent.forEach(a.bus()::publish);

        awaitMessages(b, sent.size());
        assertThat(b.listener().messagesOf(room)).containsExactlyElementsOf(sent.subList(0, 3));
        assertThat(b.listener().messagesOf(user)).containsExactlyElementsOf(sent.subList(3, 6));
    }

    @Test
    void keepsAwkwardTopicsApart() {
        Node a = node("a");
        // Pairs that a naive naming would merge (prefix:app:c:name, prefix.app.c.name), wildcards,
        // separators, spaces, unicode, the empty name and a very long one.
        List<BusTopic> forB = List.of(
                BusTopic.channel("a", "b:c:d"), BusTopic.channel("a", "b.c.d"), BusTopic.channel("x", "*"),
                BusTopic.user("x", ">"), BusTopic.user("x", "with space"), BusTopic.user("x", ""),
                BusTopic.user("x", "ü".repeat(2_000)), BusTopic.user("x", "tab\there"), BusTopic.channel("x", "%41"));
        List<BusTopic> forC = List.of(
                BusTopic.channel("a:c:b", "d"), BusTopic.channel("a.c.b", "d"), BusTopic.channel("x", "star"),
                BusTopic.user("x", "gt"), BusTopic.user("x", "with"), BusTopic.channel("x", ""),
                BusTopic.user("x", "ü".repeat(1_999)), BusTopic.user("x", "tab"), BusTopic.channel("x", "A"));
        Node b = interestedNode("b", a, forB.toArray(BusTopic[]::new));
        Node c = interestedNode("c", a, forC.toArray(BusTopic[]::new));

        for (BusTopic topic : forB) {
            a.bus().publish(message(topic, "for b", a));
        }
        for (BusTopic topic : forC) {
            a.bus().publish(message(topic, "for c", a));
        }

        awaitMessages(b, forB.size());
        awaitMessages(c, forC.size());
        assertQuiet(b, forB.size());
        assertQuiet(c, forC.size());
        assertThat(b.listener().messages()).extracting(BusMessage::topic).containsExactlyInAnyOrderElementsOf(forB);
        assertThat(c.listener().messages()).extracting(BusMessage::topic).containsExactlyInAnyOrderElementsOf(forC);
        assertThat(b.listener().heard()).extracting(BusMessage::topic).allMatch(forB::contains);
        assertThat(c.listener().heard()).extracting(BusMessage::topic).allMatch(forC::contains);
    }

    @Test
    void everyInterestedNodeReceives() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "room");
        List<Node> receivers = List.of(interestedNode("b", a, room), interestedNode("c", a, room), interestedNode("d", a, room));

        a.bus().publish(event(room, "to all", a));

        for (Node r : receivers) {
            awaitMessages(r, 1);
            assertThat(r.listener().messages()).containsExactly(event(room, "to all", a));
        }
    }

    @Test
    void countsWhatItPublishesAndDelivers() {
        Node a = node("a");
        BusTopic room = BusTopic.channel(APP, "counted");
        Node b = interestedNode("b", a, room);

        for (int i = 0; i < 10; i++) {
            a.bus().publish(event(room, Integer.toString(i), a));
        }

        awaitMessages(b, 10);
        await().atMost(WAIT).until(() -> a.counters().published() >= 10 + b.listener().probeCount());
        assertThat(a.counters().dropped()).isZero();
        assertThat(b.counters().received()).isEqualTo(b.listener().heard().size());
        assertThat(b.counters().malformed()).isZero();
    }

    // ---- helpers for drivers' own tests -------------------------------------------------------

    /** One node under test: its bus, what its listener heard and what the bus counted. */
    protected record Node(Bus bus, RecordingBusListener listener, BusCounters counters) {}

    /** Publishes probes from {@code from} until {@code to} has heard one on each topic. */
    protected static void awaitInterest(Node from, Node to, BusTopic... topics) {
        await().alias(to.bus().nodeId() + " hearing " + Arrays.toString(topics))
                .atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (BusTopic topic : topics) {
                        if (!to.listener().probedTopics().contains(topic)) {
                            from.bus().publish(probe(topic, from));
                        }
                    }
                    return to.listener().probedTopics().containsAll(List.of(topics));
                });
    }

    /** Waits until {@code node} has received {@code count} messages (probes left out). */
    protected static void awaitMessages(Node node, int count) {
        await().alias(node.bus().nodeId() + " receiving " + count + " messages")
                .atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(() -> node.listener().messages().size() >= count);
        assertThat(node.listener().messages()).hasSize(count);
    }

    /** Fails if {@code node} receives anything but probes over {@link #QUIET}. */
    protected static void assertQuiet(Node node) {
        assertQuiet(node, 0);
    }

    /** Fails if {@code node}'s message count (probes left out) moves off {@code count} over {@link #QUIET}. */
    protected static void assertQuiet(Node node, int count) {
        await().alias(node.bus().nodeId() + " staying at " + count + " messages")
                .during(QUIET).atMost(QUIET.plus(WAIT)).pollInterval(Duration.ofMillis(25))
                .until(() -> node.listener().messages().size() == count);
    }

    protected static String json(String text) {
        return "{\"event\":\"test\",\"data\":\"" + text + "\"}";
    }

    /** A channel event on {@code topic} carrying {@code text}. */
    protected static BusMessage event(BusTopic topic, String text, Node from) {
        return new BusMessage(topic, Type.CHANNEL_EVENT, json(text), null, from.bus().nodeId());
    }

    /** A message of the type a topic's kind takes, carrying {@code text}. */
    protected static BusMessage message(BusTopic topic, String text, Node from) {
        Type type = topic.kind() == BusTopic.Kind.CHANNEL ? Type.CHANNEL_EVENT : Type.USER_EVENT;
        return new BusMessage(topic, type, json(text), null, from.bus().nodeId());
    }

    protected static BusMessage probe(BusTopic topic, Node from) {
        Type type = topic.kind() == BusTopic.Kind.CHANNEL ? Type.CHANNEL_EVENT : Type.USER_EVENT;
        return new BusMessage(topic, type, PROBE_JSON, null, from.bus().nodeId());
    }
}
