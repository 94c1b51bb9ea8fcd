package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The webhooks scenario, briefly, against a real node in this JVM started from the shipped bench
 * configuration (bench/config/webhooks-bench.yaml), its webhook URL pointed at the bench's receiver.
 */
class WebhooksBenchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path BENCH_CONFIG = Path.of("config", "webhooks-bench.yaml");

    @TempDir
    Path dir;

    @Test
    void deliversEveryClientEventAsABatchedWebhookWithoutLossOrDuplicates() throws Exception {
        int receiverPort = freePort();
        try (TestNode node = TestNode.start(BENCH_CONFIG, "apps=" + benchApp(receiverPort))) {
            JsonNode result = run(node, receiverPort, "--rate", "200", "--connections", "2");

            JsonNode webhooks = result.path("webhooks");
            long sent = webhooks.path("eventsSent").asLong();
            assertThat(sent).as("result: %s", result)
                    .isCloseTo(Math.round(200 * webhooks.path("measuredSeconds").asDouble()), withinPercentage(10));
            assertThat(webhooks.path("eventsSkipped").asLong()).isZero();
            assertThat(webhooks.path("clientEventsRejected").asLong()).isZero();
            assertThat(webhooks.path("eventsReceived").asLong()).isEqualTo(sent);
            assertThat(webhooks.path("lostEvents").asLong()).isZero();
            assertThat(webhooks.path("duplicateJobs").asLong()).isZero();
            assertThat(webhooks.path("duplicateEvents").asLong()).isZero();
            assertThat(webhooks.path("jobsWithoutId").asLong()).isZero();
            assertThat(webhooks.path("otherEvents").asLong()).isZero();
            long jobs = webhooks.path("jobsReceived").asLong();
            // Events share a job only when they reach the queue in the same commit (durable first,
            // then batched): at this low rate that depends on timing, so a job per event is allowed.
            assertThat(jobs).as("never more jobs than events").isPositive().isLessThanOrEqualTo(sent);
            assertThat(webhooks.path("eventsPerSecond").asDouble()).isPositive();
            assertThat(webhooks.path("windowEventsPerSecond").asDouble()).isPositive();
            assertThat(webhooks.has("drainEventsPerSecond")).isTrue();
            assertThat(webhooks.path("peakEventsPerSecond").asDouble()).isPositive();
            assertThat(webhooks.path("lagMicros").path("count").asLong()).isEqualTo(sent);
            assertThat(webhooks.path("lagMicros").path("p50").asLong()).isPositive();
            assertThat(webhooks.path("lagMicros").path("max").asLong()).isLessThan(30_000_000L);
            assertThat(webhooks.path("jobLagMicros").path("count").asLong()).isEqualTo(jobs);
            assertThat(result.path("connections").path("subscribed").asInt()).isEqualTo(2);
            assertThat(result.path("server").path("cpuSeconds").asDouble()).isPositive();
            assertThat(result.path("client").has("cpuSeconds")).isTrue();
        }
    }

    @Test
    void sendsOneJobPerEventWhenBatchingIsOff() throws Exception {
        int receiverPort = freePort();
        try (TestNode node = TestNode.start(BENCH_CONFIG, "apps=" + benchApp(receiverPort), "webhooks.batch-max-events=1")) {
            JsonNode webhooks = run(node, receiverPort, "--rate", "100", "--connections", "1").path("webhooks");

            long sent = webhooks.path("eventsSent").asLong();
            assertThat(sent).isCloseTo(Math.round(100 * webhooks.path("measuredSeconds").asDouble()), withinPercentage(10));
            assertThat(webhooks.path("eventsReceived").asLong()).isEqualTo(sent);
            assertThat(webhooks.path("jobsReceived").asLong()).isEqualTo(sent);
            assertThat(webhooks.path("eventsPerJob").asDouble()).isEqualTo(1.0);
            assertThat(webhooks.path("lostEvents").asLong()).isZero();
        }
    }

    private JsonNode run(TestNode node, int receiverPort, String... options) throws Exception {
        Path out = dir.resolve("webhooks.json");
        List<String> args = new ArrayList<>(List.of("webhooks", "--url", "ws://127.0.0.1:" + node.port(),
                "--receiver-port", Integer.toString(receiverPort), "--warmup", "1", "--duration", "3", "--drain", "20",
                "--server-pid", Long.toString(ProcessHandle.current().pid()), "--out", out.toString(), "--deadline", "40"));
        args.addAll(List.of(options));
        int code = new CommandLine(new BenchCommand()).execute(args.toArray(String[]::new));
        assertThat(code).isZero();
        return JSON.readTree(out.toFile());
    }

    /** The shipped config's app, its webhook URL moved to the receiver's port. */
    private static String benchApp(int receiverPort) {
        return "[{id: bench, key: bench-key, secret: bench-secret, client-events-per-second: 0, webhooks: "
                + "[{url: \"http://127.0.0.1:" + receiverPort + "/webhooks\", event-types: [client_event]}]}]";
    }

    /**
     * A port free a moment ago: the node must know the receiver's URL before the bench starts the
     * receiver, so the port is chosen first (the same order an operator follows).
     */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
