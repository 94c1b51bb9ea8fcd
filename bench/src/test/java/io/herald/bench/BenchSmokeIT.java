package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.testkit.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every scenario, briefly, against a real node in this JVM, through the command line; each writes its HTML report. */
class BenchSmokeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void holdsFiftyConnectionsSplitOverTwoWorkerProcessesAndMeasuresTheServer() throws Exception {
        JsonNode result = run("connections", "--connections", "50", "--channels", "5", "--hold", "2", "--processes", "2",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));

        JsonNode connections = result.path("connections");
        assertThat(connections.path("target").asInt()).isEqualTo(50);
        assertThat(connections.path("subscribed").asInt()).isEqualTo(50);
        assertThat(connections.path("failed").asInt()).isZero();
        assertThat(connections.path("dropped").asInt()).isZero();
        assertThat(result.path("environment").path("clientProcesses").asInt()).isEqualTo(2);
        JsonNode server = result.path("server");
        assertThat(server.path("baseline").path("heapUsedBytes").asLong()).isPositive();
        assertThat(server.path("loaded").path("rssBytes").asLong()).isPositive();
        assertThat(server.has("heapPerConnectionBytes")).isTrue();
    }

    @Test
    void deliversEveryPublishToEverySubscriberWithoutLoss() throws Exception {
        JsonNode result = run("fanout", "--api-url", node.httpBase(), "--subscribers", "20", "--channels", "2",
                "--rate", "50", "--payload", "100", "--warmup", "1", "--duration", "3",
                "--server-pid", Long.toString(ProcessHandle.current().pid()));

        assertThat(result.path("connections").path("subscribed").asInt()).isEqualTo(20);
        JsonNode fanout = result.path("fanout");
        assertThat(fanout.path("publishFailures").size()).as("publish failures: %s", fanout).isZero();
        // The publisher keeps to the clock: calls due follow the measured phase's real length, which a
        // busy machine stretches past the 3 s asked for; on such a machine a few may be skipped (too
        // many answers outstanding), and only accepted events are expected at the subscribers.
        long due = fanout.path("publishRequests").asLong() + fanout.path("publishRequestsSkipped").asLong();
        assertThat(due).isCloseTo(Math.round(50 * fanout.path("measuredSeconds").asDouble()), withinPercentage(10));
        long events = fanout.path("eventsAccepted").asLong();
        assertThat(events).isPositive().isEqualTo(fanout.path("publishRequestsAccepted").asLong());
        assertThat(fanout.path("expectedDeliveries").asLong()).isEqualTo(events * 10);
        assertThat(fanout.path("receivedDeliveries").asLong()).isEqualTo(events * 10);
        assertThat(fanout.path("lostDeliveries").asLong()).isZero();
        assertThat(fanout.path("latencyMicros").path("count").asLong()).isEqualTo(events * 10);
        assertThat(fanout.path("latencyMicros").path("p50").asLong()).isPositive();
        assertThat(result.path("server").path("cpuMicrosPerDelivery").asDouble()).isPositive();
    }

    @Test
    void publishesThroughTheBatchApiWithoutSubscribers() throws Exception {
        JsonNode result = run("fanout", "--api-url", node.httpBase(), "--subscribers", "0", "--channels", "4", "--rate", "500",
                "--batch", "10", "--warmup", "1", "--duration", "2");

        JsonNode fanout = result.path("fanout");
        assertThat(fanout.path("publishFailures").size()).as("publish failures: %s", fanout).isZero();
        // The schedule is 50 calls of 10 events per second of the measured window, whose length the
        // result reports: on a starved machine the window stretches, the count follows it.
        double scheduledCalls = 50 * fanout.path("measuredSeconds").asDouble();
        long calls = fanout.path("publishRequests").asLong() + fanout.path("publishRequestsSkipped").asLong();
        assertThat((double) calls).as("calls made or skipped: %s", fanout).isBetween(scheduledCalls / 2, scheduledCalls + 2);
        assertThat(fanout.path("publishRequestsAccepted").asLong()).as("accepted calls: %s", fanout)
                .isEqualTo(fanout.path("publishRequests").asLong());
        assertThat(fanout.path("publishRequestsAccepted").asLong() * 10).isEqualTo(fanout.path("eventsAccepted").asLong());
        assertThat(fanout.path("eventsAcceptedPerSecond").asDouble())
                .isCloseTo(fanout.path("eventsAccepted").asLong() / fanout.path("measuredSeconds").asDouble(), within(1.0));
        assertThat(result.path("timeline").path("samples").size()).isPositive();
    }

    @Test
    void timesMemberAddedAndMemberRemovedWithoutLoss() throws Exception {
        JsonNode result = run("presence", "--secret", TestNode.APP_SECRET, "--channels", "2", "--observers", "2", "--members", "10",
                "--rate", "20", "--warmup", "1", "--duration", "2", "--server-pid", Long.toString(ProcessHandle.current().pid()));

        assertThat(result.path("connections").path("subscribed").asInt()).isEqualTo(14);
        JsonNode presence = result.path("presence");
        assertThat(presence.path("observers").asInt()).isEqualTo(4);
        assertThat(presence.path("membersReady").asInt()).isEqualTo(10);
        assertThat(presence.path("joinFailures").size()).as("join failures: %s", presence).isZero();
        long joins = presence.path("joinsAccepted").asLong();
        long leaves = presence.path("leavesSent").asLong();
        assertThat(joins + leaves).isBetween(36L, 44L);
        assertThat(presence.path("expectedEvents").asLong()).isEqualTo((joins + leaves) * 2);
        assertThat(presence.path("memberAddedReceived").asLong()).isEqualTo(joins * 2);
        assertThat(presence.path("memberRemovedReceived").asLong()).isEqualTo(leaves * 2);
        assertThat(presence.path("lostEvents").asLong()).isZero();
        assertThat(presence.path("propagationMicros").path("p50").asLong()).isPositive();
        assertThat(presence.path("joinAckMicros").path("count").asLong()).isEqualTo(joins);
        assertThat(result.path("latencyDistribution").size()).isPositive();
    }

    private JsonNode run(String scenario, String... options) throws Exception {
        Path out = dir.resolve(scenario + ".json");
        List<String> args = new ArrayList<>(List.of(scenario, "--url", "ws://127.0.0.1:" + node.port(), "--out", out.toString(),
                "--deadline", "60"));
        args.addAll(List.of(options));
        int code = new CommandLine(new BenchCommand()).execute(args.toArray(String[]::new));
        assertThat(code).isZero();
        String html = Files.readString(dir.resolve(scenario + ".html"));
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Throughput over time");
        return JSON.readTree(out.toFile());
    }
}
