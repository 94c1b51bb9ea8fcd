package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.BareWebSocket;
import io.herald.testkit.RawHttp;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * No client input adds a series to the node's metrics: close codes, app keys and API paths a
 * client picks all land in series that exist already.
 */
class CloseCodeLabelsIT extends NodePerTest {

    /** Every code a client may send that RFC 6455 and Pusher define, each of which keeps its own label. */
    private static final int[] DEFINED = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
        4000, 4001, 4003, 4004, 4005, 4006, 4007, 4008, 4009, 4100, 4200, 4201, 4202, 4301, 4302};

    @Test
    void closeCodesAppKeysAndPathsChosenByClientsAddNoSeries() throws Exception {
        start();
        for (int code : DEFINED) {
            closeWith(code);
        }
        closeWith(3000);
        poke("no-such-key", "/apps/nobody/nothing");
        awaitClosed(DEFINED.length + 1);
        List<String> before = Scrapes.heraldSeries(node);

        int[] sweep = IntStream.concat(IntStream.rangeClosed(3001, 3100), IntStream.iterate(4010, code -> code < 5000, code -> code + 23))
                .filter(code -> IntStream.of(DEFINED).noneMatch(defined -> defined == code))
                .toArray();
        for (int code : sweep) {
            closeWith(code);
        }
        for (int i = 0; i < 20; i++) {
            poke("key-" + i, "/apps/app-" + i + "/path-" + i);
        }
        awaitClosed(DEFINED.length + 1 + sweep.length);

        List<String> after = Scrapes.heraldSeries(node);
        assertThat(after).as("series after %d close codes, 20 app keys and 20 API paths", sweep.length)
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(Scrapes.sum(node, "herald_connections_closed_total{app=\"app-id\",code=\"other\"")).isEqualTo(sweep.length + 1);
    }

    private void awaitClosed(int connections) {
        await().atMost(RawPusherClient.TIMEOUT).until(() -> Scrapes.sum(node, "herald_connections_closed_total{") == connections);
    }

    private void closeWith(int code) throws IOException {
        try (BareWebSocket socket = BareWebSocket.open(node, 0)) {
            socket.readUntilEvent("pusher:connection_established");
            socket.sendFrame(true, BareWebSocket.OP_CLOSE, BareWebSocket.closePayload(code, ""));
            BareWebSocket.Frame close = socket.readUntil(frame -> frame.opcode() == BareWebSocket.OP_CLOSE);
            assertThat(close.closeCode()).isEqualTo(code);
        }
    }

    /** An unknown app key on the gateway, and an unknown app and path on the API. */
    private void poke(String appKey, String apiPath) throws IOException {
        try (RawPusherClient refused = RawPusherClient.connect(node.wsUrl(appKey) + RawPusherClient.JS_QUERY)) {
            assertThat(refused.awaitClose().code()).isEqualTo(4001);
        }
        try (RawHttp http = RawHttp.connect(node)) {
            http.send("POST " + apiPath + "?auth_key=k HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}");
            assertThat(http.readResponse().status()).isBetween(400, 499);
        }
    }
}
