package io.herald.it;

import static io.herald.it.GatewayAssertions.assertClosedWithError;
import static io.herald.it.GatewayAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.client.connection.ConnectionState;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connecting: the handshake frame, refusals, protocol versions, path prefix and shutdown. */
class GatewayConnectionIT {

    private static final String SOCKET_ID = "^\\d+\\.\\d+$";

    @Test
    void sendsConnectionEstablishedFirstWithSocketIdAndActivityTimeout() {
        try (TestNode node = TestNode.start(); RawPusherClient client = RawPusherClient.connect(node)) {
            PusherFrame first = client.awaitFrame(frame -> true);

            assertThat(first.index()).isZero();
            assertThat(first.event()).isEqualTo("pusher:connection_established");
            assertThat(first.hasField("channel")).isFalse();
            assertThat(first.data().isTextual()).as("data is a JSON-encoded string: %s", first.text()).isTrue();
            JsonNode data = first.dataJson();
            assertThat(data.path("socket_id").textValue()).matches(SOCKET_ID);
            assertThat(data.path("activity_timeout").isInt()).isTrue();
            assertThat(data.path("activity_timeout").intValue()).isEqualTo(120);
            assertThat(data.size()).as("only socket_id and activity_timeout: %s", data).isEqualTo(2);
        }
    }

    @Test
    void givesEveryConnectionItsOwnSocketId() {
        try (TestNode node = TestNode.start();
                RawPusherClient first = RawPusherClient.connect(node);
                RawPusherClient second = RawPusherClient.connect(node)) {
            assertThat(first.socketId()).matches(SOCKET_ID).isNotEqualTo(second.socketId());
        }
    }

    @Test
    void connectsThePusherJavaClientWithProtocol5() {
        try (TestNode node = TestNode.start(); JavaClient client = JavaClient.connect(node)) {
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(client.socketId()).matches(SOCKET_ID);
            assertThat(client.errors()).isEmpty();
        }
    }

    @Test
    void refusesUnknownAppKeyWith4001() {
        try (TestNode node = TestNode.start();
                RawPusherClient client = RawPusherClient.connect(node.wsUrl("no-such-key") + RawPusherClient.JS_QUERY)) {
            assertRefused(client, 4001);
        }
    }

    @Test
    void stopsThePusherJavaClientWithAnUnknownKeyFromRetrying() {
        try (TestNode node = TestNode.start();
                JavaClient client = JavaClient.start(node, "no-such-key", options -> options.setMaxReconnectionAttempts(6))) {
            client.awaitState(ConnectionState.DISCONNECTED);

            assertThat(client.errors()).extracting(JavaClient.Error::code).contains("4001");
            assertThat(client.states()).doesNotContain(ConnectionState.RECONNECTING, ConnectionState.CONNECTED);
        }
    }

    @Test
    void refusesDisabledAppWith4003() {
        String apps = "apps=[{id: app-id, key: app-key, secret: app-secret}, {id: off-id, key: off-key, secret: off-secret, enabled: false}]";
        try (TestNode node = TestNode.start(apps);
                RawPusherClient client = RawPusherClient.connect(node.wsUrl("off-key") + RawPusherClient.JS_QUERY)) {
            assertRefused(client, 4003);
        }
    }

    @Test
    void refusesConnectionsOverTheAppQuotaWith4004() {
        try (TestNode node = TestNode.start(Apps.demoApp("max-connections: 1"));
                RawPusherClient first = RawPusherClient.connect(node);
                RawPusherClient second = RawPusherClient.connect(node)) {
            first.socketId();
            assertRefused(second, 4004);
            first.roundTrip();
            assertThat(first.isClosed()).isFalse();
        }
    }

    @Test
    void refusesConnectionsOverTheNodeLimitWith4100() {
        try (TestNode node = TestNode.start("server.max-connections=1");
                RawPusherClient first = RawPusherClient.connect(node);
                RawPusherClient second = RawPusherClient.connect(node)) {
            first.socketId();
            assertRefused(second, 4100);
        }
    }

    @ParameterizedTest(name = "protocol={0}")
    @ValueSource(strings = {"5", "6", "7"})
    void acceptsProtocolVersions5To7(String version) {
        try (TestNode node = TestNode.start();
                RawPusherClient client = RawPusherClient.connect(node.wsUrl(TestNode.APP_KEY) + "?protocol=" + version)) {
            assertThat(client.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
        }
    }

    @ParameterizedTest(name = "protocol={0}")
    @ValueSource(strings = {"4", "8", "x", ""})
    void refusesOtherProtocolVersionsWith4007(String version) {
        try (TestNode node = TestNode.start();
                RawPusherClient client = RawPusherClient.connect(node.wsUrl(TestNode.APP_KEY) + "?protocol=" + version)) {
            assertRefused(client, 4007);
        }
    }

    @Test
    void treatsAMissingProtocolVersionAs7() {
        try (TestNode node = TestNode.start();
                RawPusherClient client = RawPusherClient.connect(node.wsUrl(TestNode.APP_KEY) + "?client=js")) {
            assertThat(client.awaitFrame(frame -> true).event()).isEqualTo("pusher:connection_established");
        }
    }

    @Test
    void refusesAMissingProtocolVersionWith4008WhenRequired() {
        try (TestNode node = TestNode.start("server.require-protocol-version=true");
                RawPusherClient client = RawPusherClient.connect(node.wsUrl(TestNode.APP_KEY))) {
            assertRefused(client, 4008);
        }
    }

    @Test
    void servesTheGatewayUnderThePathPrefix() {
        try (TestNode node = TestNode.start("server.path-prefix=/ws");
                RawPusherClient client = RawPusherClient.connect("ws://" + TestNode.HOST + ":" + node.port() + "/ws/app/"
                        + TestNode.APP_KEY + RawPusherClient.JS_QUERY)) {
            assertThat(client.socketId()).matches(SOCKET_ID);
            client.subscribe("news");
            client.awaitSubscribed("news");
        }
    }

    @Test
    void closesEveryConnectionWith4200OnShutdown() {
        TestNode node = TestNode.start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.socketId();
            node.close();
            assertClosedWithError(client, 4200);
        } finally {
            node.close();
        }
    }
}
