package io.herald.cli;

import io.herald.usage.AppUsage;
import io.herald.usage.MetricsEndpoint;
import io.herald.usage.NodeUsage;
import io.herald.usage.UsageFormat;
import io.herald.usage.UsageReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code herald usage}: per-app usage read from the metrics endpoints of running nodes, as totals
 * since each node started or, with {@code --period}, as the difference between two readings.
 * Exit codes: 1 when an endpoint cannot be read, 2 for bad options, 130 when interrupted.
 */
@Command(
        name = "usage",
        description = {"Print each app's usage, read from the metrics endpoints of running nodes: connection-seconds,"
                + " peak connections, events published, messages delivered, bytes in and out, webhook attempts.",
            "",
            "Without --period: totals since each node started. With --period: every endpoint is read twice,"
                + " that long apart, and the difference is printed. Counters of all endpoints are added up.",
            ""})
final class UsageCommand implements Callable<Integer> {

    static final String DEFAULT_SOURCE = "http://127.0.0.1:9601/metrics";

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--from", paramLabel = "URL", converter = MetricsUrlConverter.class,
            description = "A node's metrics endpoint; repeat for every node (default " + DEFAULT_SOURCE + ").")
    List<URI> sources = new ArrayList<>();

    @Option(names = "--period", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Read every endpoint twice, this long apart, and print the difference (e.g. 60s, 5m, 1h).")
    Duration period;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            description = "table, json or csv (default ${DEFAULT-VALUE}).")
    UsageFormat format;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to wait for each endpoint (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<URI> urls = sources.isEmpty() ? List.of(URI.create(DEFAULT_SOURCE)) : sources;
        List<String> names = urls.stream().map(URI::toString).toList();
        MetricsEndpoint endpoint = new MetricsEndpoint(timeout);
        try {
            UsageReport report;
            if (period == null) {
                report = UsageReport.totals(names, readAll(endpoint, urls));
            } else {
                // Each reading's samples are taken by the node just before its answer arrives, so
                // the time between the two answers is the period the difference covers.
                List<Map<String, AppUsage>> before = readAll(endpoint, urls);
                long firstRead = System.nanoTime();
                Thread.sleep(period);
                List<Map<String, AppUsage>> after = readAll(endpoint, urls);
                Duration measured = Duration.ofNanos(System.nanoTime() - firstRead);
                report = UsageReport.over(measured, names, before, after);
            }
            format.write(report, out);
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("herald: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("herald: interrupted");
            return 130;
        }
    }

    private static List<Map<String, AppUsage>> readAll(MetricsEndpoint endpoint, List<URI> urls)
            throws IOException, InterruptedException {
        List<Map<String, AppUsage>> nodes = new ArrayList<>();
        for (URI url : urls) {
            nodes.add(NodeUsage.of(endpoint.read(url)));
        }
        return nodes;
    }

    /** An absolute http or https URL. */
    static final class MetricsUrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            try {
                URI uri = new URI(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new TypeConversionException("'" + text + "' is not an http(s) URL, e.g. http://10.0.0.5:9601/metrics");
        }
    }

    static final class FormatConverter implements ITypeConverter<UsageFormat> {
        @Override
        public UsageFormat convert(String text) {
            try {
                return UsageFormat.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
