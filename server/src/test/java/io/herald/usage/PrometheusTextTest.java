package io.herald.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.usage.PrometheusText.Sample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void readsSamplesWithAndWithoutLabels() {
        List<Sample> samples = PrometheusText.parse("""
                # HELP herald_connections Open WebSocket connections
                # TYPE herald_connections gauge
                herald_connections{app="app-1"} 3.0
                herald_connections{app="app-2",} 0

                # a comment
                process_uptime_seconds 12.5
                """);

        assertThat(samples).containsExactly(
                new Sample("herald_connections", Map.of("app", "app-1"), 3.0),
                new Sample("herald_connections", Map.of("app", "app-2"), 0.0),
                new Sample("process_uptime_seconds", Map.of(), 12.5));
    }

    @Test
    void readsEscapesInLabelValuesAndSpacesAroundLabels() {
        Sample sample = PrometheusText.parse("path_hits{ path = \"C:\\\\DIR\\\\\" , note=\"say \\\"hi\\\"\\nbye\" } 1\n").get(0);

        assertThat(sample.labels()).containsEntry("path", "C:\\DIR\\").containsEntry("note", "say \"hi\"\nbye");
    }

    @Test
    void readsSpecialValuesExponentsAndTimestamps() {
        List<Sample> samples = PrometheusText.parse("""
                a NaN
                b +Inf
                c -Inf
                d 1.458255915e9 1395066363000
                e\t-3
                f .5
                """);

        assertThat(samples).extracting(Sample::value)
                .containsExactly(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.458255915e9, -3.0, 0.5);
    }

    @Test
    void acceptsCarriageReturnLineEnds() {
        assertThat(PrometheusText.parse("a 1\r\nb 2\r\n")).extracting(Sample::name).containsExactly("a", "b");
    }

    @Test
    void rejectsAnHtmlPageNamingTheLine() {
        assertThatThrownBy(() -> PrometheusText.parse("\n<html><body>Not here</body></html>\n"))
                .isInstanceOf(MetricsFormatException.class)
                .hasMessageStartingWith("line 2: expected a metric name at column 1");
    }

    @Test
    void rejectsJson() {
        assertThatThrownBy(() -> PrometheusText.parse("{\"status\":\"ok\"}"))
                .isInstanceOf(MetricsFormatException.class)
                .hasMessageStartingWith("line 1: expected a metric name");
    }

    @Test
    void rejectsBrokenSampleLines() {
        assertThat(problem("a{app=\"x} 1")).contains("unterminated label value");
        assertThat(problem("a{app=x} 1")).contains("expected '\"'");
        assertThat(problem("a{app=\"x\" 1")).contains("expected ',' or '}' after label 'app'");
        assertThat(problem("a{app=\"x\",app=\"y\"} 1")).contains("label 'app' appears twice");
        assertThat(problem("a{app=\"\\t\"} 1")).contains("bad escape '\\t'");
        assertThat(problem("a")).contains("expected a space before the value");
        assertThat(problem("a one")).contains("bad sample value 'one'");
        assertThat(problem("a 0x10")).contains("bad sample value '0x10'");
        assertThat(problem("a 1 soon")).contains("bad timestamp 'soon'");
        assertThat(problem("a 1 2 3")).contains("unexpected text after the timestamp");
        assertThat(problem("a{1=\"x\"} 1")).contains("expected a label name");
    }

    @Test
    void rejectsMalformedTypeLines() {
        assertThat(problem("# TYPE a countr")).contains("unknown metric type 'countr'");
        assertThat(problem("# TYPE a")).contains("a TYPE line needs a metric name and a type");
        assertThat(problem("# HELP")).contains("a HELP line needs a metric name");
    }

    private static String problem(String text) {
        try {
            PrometheusText.parse(text);
        } catch (MetricsFormatException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }
}
