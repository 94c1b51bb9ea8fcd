package io.herald.it;

import static io.herald.it.GatewayAssertions.assertErrorWithoutClose;
import static io.herald.it.GatewayAssertions.assertStillOpen;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the gateway does with each kind of inbound frame, good and bad. */
class GatewayInboundIT {

    private TestNode node;
    private RawPusherClient client;

    @BeforeEach
    void connect() {
        node = TestNode.start("server.max-message-size=2048");
        client = RawPusherClient.connect(node);
        client.socketId();
    }

    @AfterEach
    void close() {
        client.close();
        node.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"event\":\"pusher:ping\"}", "{\"event\":\"pusher:ping\",\"data\":{}}", "{\"event\":\"pusher:ping\",\"data\":\"{}\"}"})
    void answersPusherPingWithPong(String ping) {
        int mark = client.mark();
        client.send(ping);

        PusherFrame pong = client.awaitFrameAfter(mark, frame -> frame.is("pusher:pong"));
        assertThat(pong.json()).isEqualTo(PusherFrame.parseJson("{\"event\":\"pusher:pong\",\"data\":{}}"));
    }

    @Test
    void answersWebSocketPingWithPong() {
        client.sendPing();
        client.awaitWebSocketPong();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{nope", "{\"data\":{}}", "[1,2]", "\"pusher:ping\"", "{\"event\":42}", ""})
    void answersMalformedFramesWithErrorAndKeepsTheConnection(String frame) {
        client.send(frame);

        PusherFrame error = assertErrorWithoutClose(client, null);
        assertThat(error.dataJson().path("message").textValue()).isNotBlank();
    }

    @Test
    void ignoresUnknownPusherEvents() {
        int mark = client.mark();
        client.sendEvent("pusher:no_such_thing", "{}");
        client.roundTrip();

        assertThat(client.framesAfter(mark)).extracting(PusherFrame::event).containsExactly("pusher:pong");
    }

    @Test
    void acceptsSubscribeDataAsAJsonString() {
        client.sendEvent("pusher:subscribe", "\"{\\\"channel\\\":\\\"news\\\"}\"");

        client.awaitSubscribed("news");
    }

    @Test
    void acceptsAMessageAtTheSizeLimit() {
        client.send(padded("{\"event\":\"pusher:ping\",\"data\":{\"pad\":\"", "\"}}", 2048));

        client.awaitEvent("pusher:pong");
        assertStillOpen(client);
    }

    @Test
    void closesWith1009OnAMessageOverTheSizeLimit() {
        client.send(padded("{\"event\":\"pusher:ping\",\"data\":{\"pad\":\"", "\"}}", 2049));

        assertThat(client.awaitClose().code()).isEqualTo(1009);
    }

    /** {@code head + x... + tail}, exactly {@code size} bytes long. */
    private static String padded(String head, String tail, int size) {
        return head + "x".repeat(size - head.length() - tail.length()) + tail;
    }
}
