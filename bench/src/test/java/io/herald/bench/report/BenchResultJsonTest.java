package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.Environment;
import io.herald.bench.report.BenchResult.FanoutSection;
import io.herald.bench.report.BenchResult.ServerSection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchResultJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryMeasuredSectionAndLeavesOutTheOthers() throws Exception {
        BenchResult result = new BenchResult("fanout", "2026-11-23T10:00:00Z", 31.5, new Environment(2, "25", "epoll", 1, 1.5, 2.5, "1.50 1.20 0.90", "abc123", List.of("-Xmx64m")),
                Map.of("rate", 10), new ConnectionsSection(100, 99, 1, Map.of("connect timeout", 1L), 0, Map.of(), 1.2, 82.5),
                new ServerSection(42, 100, null, null, null, null, 3.5, 1.75, 17.5, 0.5), new BenchResult.ClientCpu(2.5, 1.25),
                new FanoutSection(20.0, 20.5, 200, 200, 0, Map.of(), null, 200, 10.0, 1000.0, 19800, 19800, 0, 0.0, 990.0, 0, 0, 0, 0,
                        new LatencySummary(19800, 812.5, 700, 1200, 2500, 4000, 9000), new LatencySummary(200, 900, 800, 1000, 2000, 2000, 2000),
                        new LatencySummary(200, 10, 5, 20, 50, 60, 70)),
                null, null, null, List.of(new PercentilePoint(50, 700), new PercentilePoint(100, 9000)), null);

        JsonNode json = JSON.readTree(ResultOutput.toJson(result));

        assertThat(json.path("scenario").asText()).isEqualTo("fanout");
        assertThat(json.path("connections").path("failures").path("connect timeout").asLong()).isEqualTo(1);
        assertThat(json.path("server").has("baseline")).isFalse();
        assertThat(json.path("server").path("cpuMicrosPerDelivery").asDouble()).isEqualTo(1.75);
        assertThat(json.path("client").path("cpuMicrosPerDelivery").asDouble()).isEqualTo(1.25);
        assertThat(json.path("fanout").path("latencyMicros").path("p99").asLong()).isEqualTo(2500);
        assertThat(json.path("fanout").has("firstRejection")).isFalse();
        assertThat(json.path("fanout").path("eventsAcceptedPerSecond").asDouble()).isEqualTo(10.0);
        assertThat(json.path("latencyDistribution").get(1).path("micros").asLong()).isEqualTo(9000);
        assertThat(json.has("presence")).isFalse();
        assertThat(json.fieldNames()).toIterable().startsWith("scenario", "startedAt", "durationSeconds");
    }

    @Test
    void leavesOutSectionsAScenarioDoesNotMeasure() throws Exception {
        BenchResult result = new BenchResult("connections", "2026-11-23T10:00:00Z", 5, new Environment(2, "25", "nio", 1, 0.5, 0.5, "1.50 1.20 0.90", "abc123", List.of("-Xmx64m")),
                Map.of(), new ConnectionsSection(1, 1, 0, Map.of(), 0, Map.of(), 0.1, 10), null, null, null, null, null, null, null, null);

        JsonNode json = JSON.readTree(ResultOutput.toJson(result));

        assertThat(json.has("server")).isFalse();
        assertThat(json.has("client")).isFalse();
        assertThat(json.has("fanout")).isFalse();
        assertThat(json.has("sender")).isFalse();
        assertThat(json.has("webhooks")).isFalse();
        assertThat(json.has("timeline")).isFalse();
    }
}
