package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.data.Event;
import io.herald.json.JsonText;
import io.herald.testkit.BareWebSocket;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection that stops reading is closed (4100) instead of being buffered for without bound. */
class GatewaySlowConsumerIT {

    private static final String PAD = "x".repeat(9000);
    private static final int BATCH = 10;
    /** About 27 MB: well past what the kernel buffers for one loopback socket (4 MB send, 8 KB receive here). */
    private static final int MAX_BATCHES = 300;

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

            int published = 0;
            while (closedWith4100(node) == 0 && published < MAX_BATCHES * BATCH) {
                api.triggerBatch(batch(published));
                published += BATCH;
            }

            assertThat(closedWith4100(node)).as("connections closed with 4100 after %s events", published).isEqualTo(1);
            int total = published;
            healthy.awaitFrames(frame -> frame.is("chunk"), total);
            assertThat(healthy.isClosed()).isFalse();
            slow.readUntilEnd();
            List<BareWebSocket.Frame> frames = slow.frames();
            long chunks = frames.stream().filter(f -> f.opcode() == BareWebSocket.OP_TEXT && f.pusher().is("chunk")).count();
            assertThat(chunks).as("the slow reader was cut off").isLessThan(total);
            // The close frame cannot overtake the bytes queued before it; when it does arrive, it says 4100.
            frames.stream().filter(f -> f.opcode() == BareWebSocket.OP_CLOSE)
                    .forEach(close -> assertThat(close.closeCode()).isEqualTo(4100));
        }
    }

    @Test
    void cutsOffAClientThatFloodsRequestsWithoutReadingTheReplies() throws Exception {
        try (TestNode node = TestNode.start("server.max-outbound-buffer=16384");
                BareWebSocket flooder = BareWebSocket.open(node, 4096);
                RawPusherClient healthy = RawPusherClient.connect(node)) {
            flooder.readUntilEvent("pusher:connection_established");
            int sent = 0;
            try {
                // Each ping asks for a pong the flooder never reads; about 8 MB of pongs at most.
                while (sent < 300_000 && (sent % 1000 != 0 || closedWith4100(node) == 0)) {
                    flooder.sendText("{\"event\":\"pusher:ping\",\"data\":{}}");
                    sent++;
                }
            } catch (java.io.IOException cutOff) {
                // the node closed the socket while we were still writing
            }
            org.awaitility.Awaitility.await().atMost(RawPusherClient.TIMEOUT).until(() -> closedWith4100(node) == 1);
            healthy.roundTrip();
            assertThat(healthy.isClosed()).isFalse();
        }
    }

    private static List<Event> batch(int first) {
        List<Event> events = new ArrayList<>(BATCH);
        for (int n = first; n < first + BATCH; n++) {
            events.add(new Event("firehose", "chunk", Map.of("n", n, "pad", PAD)));
        }
        return events;
    }

    /** Connections the node has closed with 4100, from its Prometheus metrics. */
    private static int closedWith4100(TestNode node) {
        return (int) node.node().metrics().scrape().lines()
                .filter(line -> line.startsWith("herald_connections_closed_total{") && line.contains("code=\"4100\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
