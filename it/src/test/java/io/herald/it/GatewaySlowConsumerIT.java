package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.json.JsonText;
import io.herald.testkit.BareWebSocket;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection that stops reading is closed (4100) instead of buffering without bound. */
class GatewaySlowConsumerIT {

    private static final int EVENTS = 220;
    private static final String PAD = "x".repeat(9000);

    @Test
    void closesAConsumerThatStopsReadingWith4100AndKeepsServingTheOthers() throws Exception {
        try (TestNode node = TestNode.start("server.max-outbound-buffer=16384");
                RestApi api = RestApi.of(node);
                BareWebSocket slow = BareWebSocket.open(node, 4096);
                RawPusherClient healthy = RawPusherClient.connect(node)) {
            slow.readUntilEvent("pusher:connection_established");
            slow.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":" + JsonText.quote("firehose") + "}}");
            slow.readUntilEvent("pusher_internal:subscription_succeeded");
            healthy.subscribe("firehose");
            healthy.awaitSubscribed("firehose");

            // About 2 MB: far more than the slow socket's TCP window plus 16 KB of outbound buffer.
            for (int n = 0; n < EVENTS; n++) {
                api.trigger("firehose", "chunk", Map.of("n", n, "pad", PAD));
            }

            healthy.awaitFrames(frame -> frame.is("chunk"), EVENTS);
            slow.readUntilEnd();
            List<BareWebSocket.Frame> frames = slow.frames();
            long chunks = frames.stream().filter(f -> f.opcode() == BareWebSocket.OP_TEXT && f.pusher().is("chunk")).count();
            assertThat(chunks).as("the slow reader was cut off").isLessThan(EVENTS);
            frames.stream().filter(f -> f.opcode() == BareWebSocket.OP_CLOSE)
                    .forEach(close -> assertThat(close.closeCode()).isEqualTo(4100));
            // The close frame cannot overtake the bytes queued before it, so the code is checked where it is recorded.
            assertThat(node.node().metrics().scrape().lines()
                    .filter(line -> line.startsWith("herald_connections_closed_total{") && line.contains("code=\"4100\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                    .as("connections closed with 4100").isEqualTo(1.0);
        }
    }
}
