package io.herald.it;

import static io.herald.testkit.BareWebSocket.OP_BINARY;
import static io.herald.testkit.BareWebSocket.OP_CLOSE;
import static io.herald.testkit.BareWebSocket.OP_CONTINUATION;
import static io.herald.testkit.BareWebSocket.OP_PING;
import static io.herald.testkit.BareWebSocket.OP_PONG;
import static io.herald.testkit.BareWebSocket.OP_TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.BareWebSocket;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frames that break RFC 6455, sent by hand on a raw socket: each closes its connection with the
 * code the RFC gives it, close frame first, and the node goes on serving everyone else.
 */
class HostileFramesIT extends NodePerTest {

    private static final int MAX_MESSAGE = 2048;

    @BeforeEach
    void startNode() {
        start("server.max-message-size=" + MAX_MESSAGE);
    }

    @Test
    void closesTextThatIsNotUtf8With1007() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_TEXT, new byte[] {'{', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});

            assertClosedWith(socket, 1007);
        }
        assertNodeUnharmed(1007);
    }

    @Test
    void closesTextThatBreaksUtf8AcrossFragmentsWith1007() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(false, OP_TEXT, new byte[] {'"', (byte) 0xE2, (byte) 0x82});
            socket.sendFrame(true, OP_CONTINUATION, new byte[] {'(', '"'});

            assertClosedWith(socket, 1007);
        }
        assertNodeUnharmed(1007);
    }

    @Test
    void takesACharacterSplitAcrossFragments() throws Exception {
        byte[] ping = "{\"event\":\"pusher:ping\",\"data\":{\"price\":\"12 €\"}}".getBytes(StandardCharsets.UTF_8);
        int euro = indexOf(ping, (byte) 0xE2);
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(false, OP_TEXT, Arrays.copyOfRange(ping, 0, euro + 1));
            socket.sendFrame(true, OP_CONTINUATION, Arrays.copyOfRange(ping, euro + 1, ping.length));

            socket.readUntilEvent("pusher:pong");
        }
    }

    @Test
    void closesAMessageOverTheLimitSentAsFragmentsWith1009() throws Exception {
        byte[] part = new byte[MAX_MESSAGE / 2];
        Arrays.fill(part, (byte) 'x');
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(false, OP_TEXT, part);
            socket.sendFrame(false, OP_CONTINUATION, part);
            socket.sendFrame(true, OP_CONTINUATION, part);

            assertClosedWith(socket, 1009);
        }
        assertNodeUnharmed(1009);
    }

    @Test
    void closesAFrameOverTheLimitWith1009() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_TEXT, new byte[MAX_MESSAGE + 1]);

            assertClosedWith(socket, 1009);
        }
        assertNodeUnharmed(1009);
    }

    @Test
    void closesAFragmentedPingWith1002() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(false, OP_PING, "half".getBytes(StandardCharsets.US_ASCII));

            assertClosedWith(socket, 1002);
        }
        assertNodeUnharmed(1002);
    }

    @Test
    void closesAPingOver125BytesWith1002() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_PING, new byte[126]);

            assertClosedWith(socket, 1002);
        }
        assertNodeUnharmed(1002);
    }

    @Test
    void closesAnUnmaskedFrameWith1002() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendRaw(new byte[] {(byte) 0x81, 0x02, '{', '}'});

            assertClosedWith(socket, 1002);
        }
        assertNodeUnharmed(1002);
    }

    @Test
    void closesReservedBitsReservedOpcodesAndAStrayContinuationWith1002() throws Exception {
        byte[] withRsv1 = BareWebSocket.frame(true, OP_TEXT, "{}".getBytes(StandardCharsets.US_ASCII));
        withRsv1[0] |= 0x40;
        byte[][] malformed = {withRsv1, BareWebSocket.frame(true, 0x3, new byte[0]), BareWebSocket.frame(true, 0xB, new byte[0]),
                BareWebSocket.frame(true, OP_CONTINUATION, "{}".getBytes(StandardCharsets.US_ASCII))};
        for (byte[] frame : malformed) {
            try (BareWebSocket socket = opened()) {
                socket.sendRaw(frame);

                assertClosedWith(socket, 1002);
            }
        }
        assertNodeUnharmed(1002);
    }

    @Test
    void waitsForTheRestOfATruncatedFrameAndGivesItsSlotBackWhenTheClientLeaves() throws Exception {
        try (RawPusherClient other = RawPusherClient.connect(node); BareWebSocket socket = opened()) {
            byte[] frame = BareWebSocket.frame(true, OP_TEXT, "{\"event\":\"pusher:ping\",\"data\":{}}".getBytes(StandardCharsets.US_ASCII));
            socket.sendRaw(Arrays.copyOf(frame, frame.length / 2));
            other.roundTrip();
            assertThat(node.node().connections()).isEqualTo(2);

            socket.close();
            await().atMost(RawPusherClient.TIMEOUT).until(() -> node.node().connections() == 1);
            other.roundTrip();
        }
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {1000, 1001, 3000, 4000, 4999})
    void echoesACloseCodeAPeerMaySend(int code) throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_CLOSE, BareWebSocket.closePayload(code, "bye"));

            assertClosedWith(socket, code);
        }
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 2999, 5000, 65535})
    void answersACloseCodeNoPeerMaySendWith1002(int code) throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_CLOSE, BareWebSocket.closePayload(code, ""));

            assertClosedWith(socket, 1002);
        }
        assertNodeUnharmed(1002);
    }

    @Test
    void closesACloseReasonThatIsNotUtf8With1007() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xC3, 0x28});

            assertClosedWith(socket, 1007);
        }
    }

    @Test
    void keepsTheReasonOfItsOwnCloseFramesWithin123Bytes() throws Exception {
        String key = "€".repeat(110);
        String path = "/app/" + URLEncoder.encode(key, StandardCharsets.UTF_8) + RawPusherClient.JS_QUERY;
        try (BareWebSocket socket = BareWebSocket.open(TestNode.HOST, node.port(), path, 0)) {
            assertThat(socket.readFrame().pusher().errorCode()).isEqualTo(4001);
            BareWebSocket.Frame close = socket.readUntil(frame -> frame.opcode() == OP_CLOSE);

            assertThat(close.closeCode()).isEqualTo(4001);
            assertThat(close.payload().length).isLessThanOrEqualTo(125);
            assertThat(close.closeReason()).startsWith("App key €").doesNotContain("\uFFFD");
        }
    }

    @Test
    void ignoresBinaryFramesAndUnaskedPongs() throws Exception {
        try (BareWebSocket socket = opened()) {
            socket.sendFrame(true, OP_BINARY, new byte[] {1, 2, 3});
            socket.sendFrame(true, OP_PONG, new byte[] {4});
            socket.sendText("{\"event\":\"pusher:ping\",\"data\":{}}");

            socket.readUntilEvent("pusher:pong");
        }
    }

    /**
     * Pings are answered once per read, with the latest ping's payload: a client that sends a
     * thousand pings at once gets a few pongs, not a thousand small TCP segments. A client that
     * does not read them could otherwise fill its receive buffer with those segments until its
     * TCP and the node's drop each other's packets and the connection stalls.
     */
    @Test
    void answersABurstOfPingsWithThePongOfTheLatest() throws Exception {
        ByteArrayOutputStream burst = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            burst.write(BareWebSocket.frame(true, OP_PING, ("p" + i).getBytes(StandardCharsets.US_ASCII)));
        }
        try (BareWebSocket socket = opened()) {
            socket.sendRaw(burst.toByteArray());

            BareWebSocket.Frame last = socket.readUntil(frame -> frame.opcode() == OP_PONG && frame.text().equals("p999"));
            long pongs = socket.frames().stream().filter(frame -> frame.opcode() == OP_PONG).count();
            assertThat(last).isNotNull();
            assertThat(pongs).as("pongs for 1000 pings sent at once").isLessThan(100);
        }
    }

    /** A socket past connection_established, as a client that speaks frames by hand. */
    private BareWebSocket opened() throws IOException {
        BareWebSocket socket = BareWebSocket.open(node, 0);
        socket.readUntilEvent("pusher:connection_established");
        return socket;
    }

    /** The node's close frame carries {@code code} and a reason of at most 123 bytes; TCP ends after it. */
    private static void assertClosedWith(BareWebSocket socket, int code) throws IOException {
        BareWebSocket.Frame close;
        try {
            close = socket.readUntil(frame -> frame.opcode() == OP_CLOSE);
        } catch (EOFException noCloseFrame) {
            throw new AssertionError("the node dropped the connection without a close frame; frames: " + socket.frames(), noCloseFrame);
        }
        assertThat(close.closeCode()).as("close frame %s", close.closeReason()).isEqualTo(code);
        assertThat(close.payload().length).isLessThanOrEqualTo(125);
        socket.readUntilEnd();
    }

    /** Another client still gets answers, and the closed connection counts under its code. */
    private void assertNodeUnharmed(int code) {
        try (RawPusherClient other = RawPusherClient.connect(node)) {
            other.roundTrip();
        }
        await().atMost(RawPusherClient.TIMEOUT)
                .until(() -> Scrapes.sum(node, "herald_connections_closed_total{app=\"app-id\",code=\"" + code + "\"") >= 1);
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
