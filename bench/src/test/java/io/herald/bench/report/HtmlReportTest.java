package io.herald.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.Environment;
import io.herald.bench.swarm.SwarmReport;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void drawsThroughputLatencyAndDistributionChartsAsWellFormedMarkup() throws Exception {
        Histogram latency = SwarmReport.emptyHistogram();
        for (long micros = 100; micros <= 100_000; micros += 100) {
            latency.recordValue(micros);
        }
        List<TimelineSample> samples = new ArrayList<>();
        for (int second = 1; second <= 10; second++) {
            samples.add(new TimelineSample(second, second <= 3 ? "warmup" : "measure", 1000.0 * second, 10, 50, 100, 800, 2500, 4000));
        }
        BenchResult result = result("fanout", new Timeline("deliveries/s", "publish to delivery", samples),
                PercentilePoint.distribution(latency));

        String html = HtmlReport.render(result);
        Document page = parse(html);

        NodeList charts = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg");
        assertThat(charts.getLength()).isEqualTo(4);
        assertThat(seriesNames(page)).contains("deliveries/s", "API events accepted/s", "p50", "p99", "latency", "open");
        assertThat(html).contains("Throughput over time", "Latency per second (publish to delivery)", "Latency distribution")
                .contains("99.9%").contains("<th>rate</th>").contains("measure").doesNotContain("no data");
        String p99Line = (String) XPathFactory.newInstance().newXPath().evaluate(
                "//*[local-name()='g'][@data-series='p99']/*[local-name()='polyline']/@points", page, XPathConstants.STRING);
        assertThat(p99Line.trim().split(" ")).hasSize(10);
    }

    @Test
    void reportsARunWithoutSamplesOrLatencies() throws Exception {
        BenchResult result = result("connections", new Timeline("subscriptions/s", null, List.of()), null);

        String html = HtmlReport.render(result);

        parse(html);
        assertThat(html).contains("no data").doesNotContain("Latency per second").doesNotContain("Latency distribution");
    }

    @Test
    void reportsAResultWithoutTimelineAsWrittenByEarlierVersions() throws Exception {
        BenchResult result = result("fanout", null, null);

        String html = HtmlReport.render(result);

        parse(html);
        assertThat(html).contains("<h2>connections</h2>").doesNotContain("<svg");
    }

    @Test
    void escapesTextFromTheRun() throws Exception {
        BenchResult result = new BenchResult("fanout", "now", 1, new Environment(2, "25", "epoll", 1, 9.0, 1.0, "1.50 1.20 0.90", "abc123", List.of("-Xmx64m")),
                Map.of("url", "ws://h/<script>&"), null, null, null, null, null, null, null, null, null);

        String html = HtmlReport.render(result);

        parse(html);
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;&amp;").contains("load average was above");
    }

    @Test
    void writesTheReportBesideTheJsonAndReadsItBack() throws Exception {
        Path json = dir.resolve("run.json");
        BenchResult result = result("fanout", new Timeline("deliveries/s", "publish to delivery",
                List.of(new TimelineSample(1, "measure", 5, 0, 1, 5, 10, 20, 30))), List.of(new PercentilePoint(100, 30)));

        ResultOutput.write(result, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), json);

        assertThat(ResultOutput.htmlBeside(json)).isEqualTo(dir.resolve("run.html"));
        assertThat(Files.readString(dir.resolve("run.html"))).contains("Throughput over time");
        assertThat(ResultOutput.read(json)).isEqualTo(result);
        assertThat(ResultOutput.htmlBeside(Path.of("x/result"))).isEqualTo(Path.of("x/result.html"));
    }

    private static BenchResult result(String scenario, Timeline timeline, List<PercentilePoint> distribution) {
        return new BenchResult(scenario, "2026-11-23T15:00:00Z", 30.5, new Environment(2, "25", "epoll", 1, 1.5, 2.0, "1.50 1.20 0.90", "abc123", List.of("-Xmx64m")),
                Map.of("rate", 10), new ConnectionsSection(100, 100, 0, Map.of(), 0, Map.of(), 1.0, 100.0), null, null, null, null,
                null, null, distribution, timeline);
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> seriesNames(Document page) {
        NodeList groups = page.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < groups.getLength(); i++) {
            names.add(((org.w3c.dom.Element) groups.item(i)).getAttribute("data-series"));
        }
        return names;
    }
}
