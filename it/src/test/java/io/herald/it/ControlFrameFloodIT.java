package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.BareWebSocket;
import io.herald.testkit.NodeProcess;
import io.herald.testkit.RawHttp;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One client sends a million control frames of 125 bytes (131 MB) and never reads, against a
 * node in its own JVM with a small heap and little direct memory: the node must neither queue an
 * answer per frame (a million pongs held for a client that does not read would not fit) nor grow
 * its resident memory by more than a bounded amount, and must go on serving other clients.
 */
class ControlFrameFloodIT {

    private static final int FRAMES = 1_000_000;
    private static final int FRAMES_PER_WRITE = 512;
    private static final List<String> SMALL_MEMORY = List.of("-Xmx96m", "-XX:MaxDirectMemorySize=64m");
    private static final long RSS_GROWTH_BOUND = 128L * 1024 * 1024;
    private static final Duration STALL = Duration.ofSeconds(30);
    private static final Pattern VM_RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+)\\s+kB");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} flood")
    @ValueSource(ints = {BareWebSocket.OP_PING, BareWebSocket.OP_PONG})
    void aClientThatSendsControlFramesWithoutReadingCannotGrowTheNodesMemory(int opcode) throws Exception {
        Path config = Files.writeString(dir.resolve("herald.yaml"), """
                server: {host: 127.0.0.1, port: 0}
                metrics: {host: 127.0.0.1, port: 0}
                webhooks: {data-dir: %s}
                """.formatted(dir.resolve("data")));
        try (NodeProcess node = NodeProcess.startWithMemory(SMALL_MEMORY, config)) {
            long before = rss(node.pid());
            Flood flood = flood(node.port(), opcode);

            assertThat(node.isAlive()).as("node alive after %s; its output:%n%s", flood, String.join("\n", node.output())).isTrue();
            assertThat(flood.stalled()).as("the node stopped taking frames: %s", flood).isFalse();
            long growth = rss(node.pid()) - before;
            assertThat(growth).as("RSS growth after %s", flood).isLessThan(RSS_GROWTH_BOUND);
            try (RawHttp http = RawHttp.connect(TestNode.HOST, node.port())) {
                http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(http.readResponse().status()).isEqualTo(200);
            }
            try (RawPusherClient client = RawPusherClient.connect("ws://" + TestNode.HOST + ":" + node.port()
                    + "/app/" + TestNode.APP_KEY + RawPusherClient.JS_QUERY)) {
                client.roundTrip();
            }
        }
    }

    /** How a flood went: frames written, and whether the node stopped taking them with the connection open. */
    private record Flood(int sent, boolean stalled) {}

    /**
     * Sends the frames until all are written or the node ends the connection. A write that takes
     * nothing for {@link #STALL} counts as a stall: the socket is closed to end the test.
     */
    private static Flood flood(int port, int opcode) throws Exception {
        byte[] frame = BareWebSocket.frame(true, opcode, "x".repeat(125).getBytes(StandardCharsets.US_ASCII));
        byte[] batch = new byte[frame.length * FRAMES_PER_WRITE];
        for (int i = 0; i < FRAMES_PER_WRITE; i++) {
            System.arraycopy(frame, 0, batch, i * frame.length, frame.length);
        }
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stalled = new AtomicBoolean();
        try (BareWebSocket socket = BareWebSocket.open(TestNode.HOST, port, "/app/" + TestNode.APP_KEY + RawPusherClient.JS_QUERY, 4096);
                ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor()) {
            socket.readUntilEvent("pusher:connection_established");
            int[] lastSeen = {-1};
            watchdog.scheduleAtFixedRate(() -> {
                if (sent.get() == lastSeen[0]) {
                    stalled.set(true);
                    closeQuietly(socket);
                }
                lastSeen[0] = sent.get();
            }, STALL.toMillis(), STALL.toMillis(), TimeUnit.MILLISECONDS);
            while (sent.get() < FRAMES) {
                socket.sendRaw(batch);
                sent.addAndGet(FRAMES_PER_WRITE);
            }
        } catch (IOException closedByTheNode) {
            // the node cut the client off: what it may do to a client that does not read
        }
        return new Flood(sent.get(), stalled.get());
    }

    private static void closeQuietly(BareWebSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }

    private static long rss(long pid) throws IOException {
        Matcher matcher = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!matcher.find()) {
            throw new IllegalStateException("no VmRSS for process " + pid);
        }
        return Long.parseLong(matcher.group(1)) * 1024;
    }
}
