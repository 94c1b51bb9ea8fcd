package io.herald.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageFormatTest {

    private static final AppUsage SMALL = new AppUsage("app-1", 12.3456, 2, 5, 1, 40, 900, 12000, 3, 1);
    private static final AppUsage LARGE = new AppUsage("a,\"b\"", 1234567.5, 10000, 0, 0, 123456789, 0, 0, 0, 0);

    private static String write(UsageFormat format, UsageReport report) {
        StringWriter out = new StringWriter();
        format.write(report, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void tableAlignsNumbersRightUnderTheirHeaders() {
        String table = write(UsageFormat.TABLE, new UsageReport(List.of("x"), null, List.of(SMALL, LARGE)));

        assertThat(table.lines().toList()).containsExactly(
                "Usage since each node started (1 node):",
                "APP    CONN-SECONDS  PEAK-CONN  PUBLISHED  DELIVERED  BYTES-IN  BYTES-OUT  WEBHOOKS  WEBHOOK-FAILURES",
                "app-1        12.346          2          6         40       900      12000         3                 1",
                "a,\"b\"   1234567.500      10000          0  123456789         0          0         0                 0");
    }

    @Test
    void tableNamesThePeriodAndSaysWhenThereIsNothing() {
        String table = write(UsageFormat.TABLE, new UsageReport(List.of("x", "y"), Duration.ofMillis(60_040), List.of()));

        assertThat(table.lines().toList()).containsExactly("Usage over 60.0 s (2 nodes):", "No app usage found.");
    }

    @Test
    void jsonHasEveryFigureAsANumber() throws Exception {
        String json = write(UsageFormat.JSON, new UsageReport(List.of("http://h:9601/metrics"), Duration.ofSeconds(60), List.of(SMALL)));

        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.path("period_seconds").asDouble()).isEqualTo(60.0);
        assertThat(root.path("sources").get(0).asText()).isEqualTo("http://h:9601/metrics");
        JsonNode app = root.path("apps").get(0);
        assertThat(app.path("app").asText()).isEqualTo("app-1");
        assertThat(app.path("connection_seconds").decimalValue()).isEqualByComparingTo("12.346");
        assertThat(app.path("peak_connections").asLong()).isEqualTo(2);
        assertThat(app.path("published").asLong()).isEqualTo(6);
        assertThat(app.path("published_api").asLong()).isEqualTo(5);
        assertThat(app.path("published_client").asLong()).isEqualTo(1);
        assertThat(app.path("delivered").asLong()).isEqualTo(40);
        assertThat(app.path("bytes_in").asLong()).isEqualTo(900);
        assertThat(app.path("bytes_out").asLong()).isEqualTo(12000);
        assertThat(app.path("webhook_attempts").asLong()).isEqualTo(3);
        assertThat(app.path("webhook_failures").asLong()).isEqualTo(1);
    }

    @Test
    void jsonPeriodIsNullForTotalsSinceStart() throws Exception {
        String json = write(UsageFormat.JSON, new UsageReport(List.of("x"), null, List.of()));

        assertThat(new ObjectMapper().readTree(json).path("period_seconds").isNull()).isTrue();
    }

    @Test
    void csvHasAHeaderAndQuotesFieldsThatNeedIt() {
        String csv = write(UsageFormat.CSV, new UsageReport(List.of("x"), null, List.of(SMALL, LARGE)));

        assertThat(csv).isEqualTo(
                "app,connection_seconds,peak_connections,published,published_api,published_client,delivered,bytes_in,bytes_out,webhook_attempts,webhook_failures\r\n"
                + "app-1,12.346,2,6,5,1,40,900,12000,3,1\r\n"
                + "\"a,\"\"b\"\"\",1234567.500,10000,0,0,0,123456789,0,0,0,0\r\n");
    }

    @Test
    void formatNamesAreCaseInsensitive() {
        assertThat(UsageFormat.parse("json")).isEqualTo(UsageFormat.JSON);
        assertThat(UsageFormat.parse("CSV")).isEqualTo(UsageFormat.CSV);
        assertThatThrownBy(() -> UsageFormat.parse("xml")).hasMessage("unknown format 'xml': choose table, json or csv");
    }
}
