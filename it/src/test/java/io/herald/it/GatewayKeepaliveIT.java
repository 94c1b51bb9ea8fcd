package io.herald.it;

import static io.herald.it.GatewayAssertions.assertStillOpen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.connection.ConnectionState;
import io.herald.testkit.BareWebSocket;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Liveness: the server pings idle connections and closes those that do not answer. */
class GatewayKeepaliveIT {

    private static final String[] FAST_TIMEOUTS = {"server.activity-timeout=1", "server.pong-timeout=1"};

    @Test
    void announcesTheConfiguredActivityTimeout() {
        try (TestNode node = TestNode.start(FAST_TIMEOUTS); RawPusherClient client = RawPusherClient.connect(node)) {
            assertThat(client.awaitEvent("pusher:connection_established").dataJson().path("activity_timeout").intValue())
                    .isEqualTo(1);
        }
    }

    @Test
    void sendsJsonPingToAnIdleConnection() {
        try (TestNode node = TestNode.start(FAST_TIMEOUTS); RawPusherClient client = RawPusherClient.connect(node)) {
            PusherFrame ping = client.awaitEvent("pusher:ping");

            assertThat(ping.json()).isEqualTo(PusherFrame.parseJson("{\"event\":\"pusher:ping\",\"data\":{}}"));
        }
    }

    @Test
    void keepsAConnectionThatAnswersWebSocketPings() {
        try (TestNode node = TestNode.start(FAST_TIMEOUTS); RawPusherClient client = RawPusherClient.connect(node)) {
            // The JDK client answers WebSocket pings by itself; two idle periods pass.
            client.awaitFrames(frame -> frame.is("pusher:ping"), 2);

            assertThat(client.webSocketPings()).isPositive();
            assertStillOpen(client);
        }
    }

    @Test
    void closesWith4201WhenPingsAreNotAnswered() throws Exception {
        try (TestNode node = TestNode.start(FAST_TIMEOUTS); BareWebSocket silent = BareWebSocket.open(node, 0)) {
            silent.readUntilEnd();

            List<BareWebSocket.Frame> frames = silent.frames();
            assertThat(frames).as("a WebSocket ping").anyMatch(frame -> frame.opcode() == BareWebSocket.OP_PING);
            assertThat(frames).as("a JSON ping").anyMatch(frame -> frame.opcode() == BareWebSocket.OP_TEXT && frame.pusher().is("pusher:ping"));
            BareWebSocket.Frame close = frames.getLast();
            assertThat(close.opcode()).as("frames %s", frames).isEqualTo(BareWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(4201);
            PusherFrame error = frames.get(frames.size() - 2).pusher();
            assertThat(error.isError(4201)).as("pusher:error 4201 before the close: %s", frames).isTrue();
        }
    }

    @Test
    void answersThePusherJavaClientsOwnPings() {
        // The library sends {"event": "pusher:ping"} (no data) after 1 s of silence and drops the
        // connection unless something arrives within 2 s; it must stay connected through several rounds.
        try (TestNode node = TestNode.start();
                JavaClient client = JavaClient.connect(node, options -> options.setActivityTimeout(1000).setPongTimeout(2000))) {
            await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(5))
                    .until(() -> client.state() == ConnectionState.CONNECTED);

            assertThat(client.states()).containsOnly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        }
    }
}
