package io.herald.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.report.SvgChart.Band;
import io.herald.bench.report.SvgChart.Series;
import io.herald.bench.report.SvgChart.XAxis;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * A run's result as one self-contained HTML page: the figures, throughput and latency over time,
 * the latency distribution and the run's parameters. Charts are inline SVG and the styles inline,
 * so the page opens anywhere without a network and can be attached to a ticket. The page is
 * well-formed XML, so tools can read it too.
 *
 * <p>The tables are drawn from the result's JSON form, so a section a scenario adds shows up
 * without changes here.
 */
public final class HtmlReport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Parts of the result that are drawn as charts or in the header rather than as tables. */
    private static final Set<String> NOT_TABLES = Set.of("scenario", "startedAt", "durationSeconds", "timeline",
            "latencyDistribution", "parameters", "environment");
    private static final String THROUGHPUT_COLOR = "#1f77b4";
    private static final String PUBLISHED_COLOR = "#ff7f0e";
    private static final String P50_COLOR = "#2ca02c";
    private static final String P99_COLOR = "#d62728";
    private static final String OPEN_COLOR = "#9467bd";

    private HtmlReport() {}

    public static String render(BenchResult result) {
        JsonNode tree = JSON.valueToTree(result);
        StringBuilder html = new StringBuilder(64 * 1024);
        String title = "herald-bench " + result.scenario() + " — " + result.startedAt();
        html.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                .append("<title>").append(Html.escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>").append(Html.escape(title)).append("</h1>");
        header(html, result);
        charts(html, result);
        JsonNode environment = tree.path("environment");
        for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!NOT_TABLES.contains(field.getKey()) && field.getValue().isObject()) {
                table(html, field.getKey(), field.getValue());
            }
        }
        table(html, "parameters", tree.path("parameters"));
        table(html, "environment", environment);
        html.append("<p class=\"note\">Latencies in the tables are microseconds. Raw figures: the JSON result beside this file.</p>");
        return html.append("</body></html>\n").toString();
    }

    private static void header(StringBuilder html, BenchResult result) {
        BenchResult.Environment env = result.environment();
        html.append("<p class=\"summary\">").append(String.format(Locale.ROOT, "%.1f s", result.durationSeconds()));
        if (env != null) {
            html.append(" · ").append(env.cores()).append(" cores · Java ").append(Html.escape(env.java()))
                    .append(" · client ").append(Html.escape(env.clientTransport())).append(", ").append(env.clientProcesses())
                    .append(env.clientProcesses() == 1 ? " process" : " processes")
                    .append(String.format(Locale.ROOT, " · load average %.2f → %.2f", env.loadAverageAtStart(), env.loadAverageAtEnd()));
        }
        html.append("</p>");
        if (env != null && Math.max(env.loadAverageAtStart(), env.loadAverageAtEnd()) > env.cores() + 1.0) {
            html.append("<p class=\"warning\">The machine's load average was above its core count plus one: other work shared ")
                    .append("the CPUs, so throughput and latency here are pessimistic.</p>");
        }
    }

    private static void charts(StringBuilder html, BenchResult result) {
        Timeline timeline = result.timeline();
        List<TimelineSample> samples = timeline == null ? List.of() : timeline.samples();
        List<Band> bands = phaseBands(samples);
        if (timeline != null) {
            List<Series> throughput = new ArrayList<>();
            throughput.add(series(timeline.throughputUnit(), THROUGHPUT_COLOR, samples, TimelineSample::perSecond));
            if (samples.stream().anyMatch(s -> s.publishedPerSecond() > 0)) {
                throughput.add(series("API events accepted/s", PUBLISHED_COLOR, samples, TimelineSample::publishedPerSecond));
            }
            html.append(SvgChart.render("Throughput over time", "seconds since start", "per second", XAxis.SECONDS, throughput, bands));
            if (timeline.latencyOf() != null) {
                List<TimelineSample> withLatency = samples.stream().filter(s -> s.latencyCount() > 0).toList();
                html.append(SvgChart.render("Latency per second (" + timeline.latencyOf() + ")", "seconds since start",
                        "milliseconds", XAxis.SECONDS,
                        List.of(series("p50", P50_COLOR, withLatency, s -> s.p50Micros() / 1000.0),
                                series("p99", P99_COLOR, withLatency, s -> s.p99Micros() / 1000.0)),
                        bands));
            }
            html.append(SvgChart.render("Connections open", "seconds since start", "connections", XAxis.SECONDS,
                    List.of(series("open", OPEN_COLOR, samples, s -> s.open())), bands));
        }
        List<PercentilePoint> distribution = result.latencyDistribution();
        if (distribution != null && (timeline == null || timeline.latencyOf() != null)) {
            List<double[]> points = new ArrayList<>();
            for (PercentilePoint p : distribution) {
                points.add(new double[] {p.percentile(), p.micros() / 1000.0});
            }
            String of = timeline == null ? "measured phase" : timeline.latencyOf() + ", measured phase";
            html.append(SvgChart.render("Latency distribution (" + of + ")", "percentile", "milliseconds", XAxis.PERCENTILE,
                    List.of(new Series("latency", P99_COLOR, points)), List.of()));
            if (!distribution.isEmpty()) {
                html.append(String.format(Locale.ROOT, "<p class=\"note\">Maximum: %s ms over %s.</p>",
                        SvgChart.number(distribution.get(distribution.size() - 1).micros() / 1000.0), "the measured phase"));
            }
        }
    }

    /** Consecutive samples of the same phase as one band each; the charts shade the measured one. */
    static List<Band> phaseBands(List<TimelineSample> samples) {
        List<Band> bands = new ArrayList<>();
        double start = 0;
        for (int i = 0; i < samples.size(); i++) {
            TimelineSample sample = samples.get(i);
            boolean last = i == samples.size() - 1 || !samples.get(i + 1).phase().equals(sample.phase());
            if (last) {
                bands.add(new Band(start, sample.t(), sample.phase()));
                start = sample.t();
            }
        }
        return bands;
    }

    private static Series series(String name, String color, List<TimelineSample> samples, ToDoubleFunction<TimelineSample> y) {
        List<double[]> points = new ArrayList<>();
        for (TimelineSample s : samples) {
            points.add(new double[] {s.t(), y.applyAsDouble(s)});
        }
        return new Series(name, color, points);
    }

    private static void table(StringBuilder html, String name, JsonNode section) {
        if (!section.isObject() || section.isEmpty()) {
            return;
        }
        Map<String, String> rows = new LinkedHashMap<>();
        flatten("", section, rows);
        html.append("<h2>").append(Html.escape(name)).append("</h2><table>");
        rows.forEach((key, value) -> html.append("<tr><th>").append(Html.escape(key)).append("</th><td>").append(Html.escape(value))
                .append("</td></tr>"));
        html.append("</table>");
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> rows) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> flatten(prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey(), f.getValue(), rows));
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            rows.put(prefix, String.join(", ", items));
        } else if (node.isObject()) {
            rows.put(prefix, "none");
        } else if (node.isNumber()) {
            rows.put(prefix, node.isIntegralNumber() ? String.format(Locale.ROOT, "%,d", node.asLong())
                    : String.format(Locale.ROOT, "%,.3f", node.asDouble()).replaceAll("\\.?0+$", ""));
        } else {
            rows.put(prefix, node.asText());
        }
    }

    private static final String STYLE = String.join("",
            "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:920px;color:#222}",
            "h1{font-size:20px}h2{font-size:16px;margin-top:28px}",
            ".summary{color:#555}.warning{background:#fff3cd;border:1px solid #e0c36b;padding:8px 12px}",
            ".note{color:#666;font-size:13px}",
            "table{border-collapse:collapse;font-size:13px}th,td{border-bottom:1px solid #e4e4e4;padding:3px 10px;text-align:left}",
            "td{font-variant-numeric:tabular-nums;text-align:right}",
            ".chart{display:block;margin:18px 0;background:#fcfcfc;border:1px solid #eee}",
            ".chart-title{font-size:14px;font-weight:600}.tick,.legend,.band-label{font-size:11px;fill:#555}",
            ".axis-label{font-size:12px;fill:#333}.axis{stroke:#888}.grid{stroke:#eee}",
            ".band{fill:#eef3fb}.divider{stroke:#c9d6ea;stroke-dasharray:3 3}.no-data{font-size:14px;fill:#999}");
}
