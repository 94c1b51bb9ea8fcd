package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.RawHttp;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Upgrade requests on /app/{key} that are not RFC 6455 version 13 handshakes, sent by hand: each
 * gets an HTTP error, and none keeps a connection slot, with the node's and the app's limits set
 * so that a single leaked slot would lock clients out.
 */
class HostileHandshakeIT extends NodePerTest {

    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String LIMITS = "apps=[{id: app-id, key: app-key, secret: app-secret, max-connections: 3}]";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no Sec-WebSocket-Key          | 400 | GET  | Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13
            a key that is not 16 bytes    | 400 | GET  | Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: c2hvcnQ=
            no Connection: Upgrade        | 400 | GET  | Upgrade: websocket\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: KEY
            no Upgrade header             | 400 | GET  | Connection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: KEY
            no Sec-WebSocket-Version      | 426 | GET  | Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: KEY
            version 8 (a draft)           | 426 | GET  | Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 8\\r\\nSec-WebSocket-Key: KEY
            a POST                        | 405 | POST | Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: KEY\\r\\nContent-Length: 0
            """)
    void answersABadUpgradeWithAnHttpErrorAndKeepsNoSlot(String name, int status, String method, String headers) throws Exception {
        start("server.max-connections=3", LIMITS);
        String request = method + " /app/" + TestNode.APP_KEY + "?protocol=7 HTTP/1.1\r\nHost: x\r\n"
                + headers.replace("\\r\\n", "\r\n").replace("KEY", KEY) + "\r\n\r\n";

        for (int attempt = 0; attempt < 10; attempt++) {
            try (RawHttp http = RawHttp.connect(node)) {
                http.send(request);
                RawHttp.Response response = http.readResponse();
                assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(status);
                assertThat(response.header("content-type")).isEqualTo("application/json");
                assertThat(response.body()).startsWith("{\"error\":\"");
                if (status == 426) {
                    assertThat(response.header("sec-websocket-version")).isEqualTo("13");
                }
                assertThat(http.awaitEnd()).as("the connection is closed after the error").isTrue();
            }
        }

        assertNoSlotHeld();
        assertThreeClientsStillConnect();
    }

    @Test
    void refusesTheHixie76HandshakeBeforeReadingAnyOfItsFrames() throws Exception {
        start("server.max-connections=3", LIMITS);
        try (RawHttp http = RawHttp.connect(node)) {
            http.send("GET /app/" + TestNode.APP_KEY + "?protocol=7 HTTP/1.1\r\nHost: x\r\nUpgrade: WebSocket\r\n"
                    + "Connection: Upgrade\r\nOrigin: http://x\r\nSec-WebSocket-Key1: 4 @1  46546xW%0l 1 5\r\n"
                    + "Sec-WebSocket-Key2: 12998 5 Y3 1  .P00\r\n\r\n^n:ds[4U");
            RawHttp.Response response = http.readResponse();
            assertThat(response.status()).as(response.body()).isEqualTo(426);
            assertThat(response.header("sec-websocket-version")).isEqualTo("13");
            // A hixie-76 message: 0x00, 4 MB of text with no length, 0xFF. Nothing reads it any more.
            byte[] message = new byte[4 * 1024 * 1024 + 2];
            java.util.Arrays.fill(message, (byte) 'a');
            message[0] = 0;
            message[message.length - 1] = (byte) 0xFF;
            try {
                http.send(message);
            } catch (java.io.IOException closed) {
                // the node closed the connection after its answer
            }
            assertThat(http.awaitEnd()).isTrue();
        }
        assertNoSlotHeld();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.roundTrip();
        }
    }

    @Test
    void givesTheSlotBackWhenTheClientLeavesBeforeTheHandshakeIsWritten() throws Exception {
        start("server.max-connections=3", LIMITS);
        for (int attempt = 0; attempt < 20; attempt++) {
            RawHttp http = RawHttp.connect(node);
            http.send("GET /app/" + TestNode.APP_KEY + "?protocol=7 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + KEY + "\r\n\r\n");
            http.close();
        }

        assertNoSlotHeld();
        assertThreeClientsStillConnect();
    }

    @Test
    void answersAnUpgradeWithoutTheUpgradeHeaderLikeAnyBadRequest() throws Exception {
        start();
        try (RawHttp http = RawHttp.connect(node)) {
            http.send("GET /app/" + TestNode.APP_KEY + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response response = http.readResponse();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"error\":\"Expected a WebSocket upgrade request on /app/{key}\"}");
        }
    }

    /** Both the node's count and the connections gauge are back at zero. */
    private void assertNoSlotHeld() {
        // A connection whose 101 went out before its client left closes on a loop thread: wait for both to see it.
        await().atMost(RawPusherClient.TIMEOUT)
                .until(() -> node.node().connections() == 0 && Scrapes.sum(node, "herald_connections{") == 0);
    }

    /** The app's limit is 3: three clients connect, so no slot is held by the requests before. */
    private void assertThreeClientsStillConnect() {
        List<RawPusherClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                RawPusherClient client = RawPusherClient.connect(node);
                clients.add(client);
                assertThat(client.socketId()).matches("\\d+\\.\\d+");
            }
            assertThat(Scrapes.sum(node, "herald_connections{")).isEqualTo(3);
        } finally {
            clients.forEach(RawPusherClient::close);
        }
    }
}
