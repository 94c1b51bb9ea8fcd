package io.herald.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.metrics.RecentUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An app's usage over the last hour, cluster-wide: each node puts its apps' minutes in its
 * overview ({@link #describe}), and the app page's call adds up the nodes' minutes, aligned on
 * the minute they name ({@link #sum}).
 */
final class UsageSums {

    /** The series of an app, by the name the page reads; connection time is sent in seconds. */
    static final String[] SERIES = {"connection_seconds", "messages_sent", "events_published", "bytes_sent"};

    private UsageSums() {}

    /** {@code {"minute": M, "apps": {id: {series: [60 values, oldest first]}}}} for those of {@code appIds} with activity. */
    static ObjectNode describe(RecentUsage recent, Set<String> appIds) {
        ObjectNode usage = JsonNodeFactory.instance.objectNode().put("minute", recent.minute());
        ObjectNode apps = usage.putObject("apps");
        for (Map.Entry<String, long[][]> app : recent.lastHour(appIds).entrySet()) {
            ObjectNode described = apps.putObject(app.getKey());
            long[][] series = app.getValue();
            for (int kind = 0; kind < SERIES.length; kind++) {
                ArrayNode values = described.putArray(SERIES[kind]);
                for (long value : series[kind]) {
                    if (kind == RecentUsage.Kind.CONNECTION_MILLIS.ordinal()) {
                        values.add(value / 1000.0);
                    } else {
                        values.add(value);
                    }
                }
            }
        }
        return usage;
    }

    /**
     * The app's minutes summed over the nodes' overviews, up to the minute of the node marked
     * {@code this_node} (else the latest), with totals: {@code {"minute", "nodes", "series": {...}, "totals": {...}}}.
     */
    static ObjectNode sum(List<ObjectNode> nodes, String app) {
        long last = nodes.stream().filter(node -> node.path("this_node").asBoolean())
                .mapToLong(node -> node.path("usage").path("minute").asLong()).findFirst()
                .orElseGet(() -> nodes.stream().mapToLong(node -> node.path("usage").path("minute").asLong()).max().orElse(0));
        double[][] sums = new double[SERIES.length][RecentUsage.MINUTES];
        for (ObjectNode node : nodes) {
            JsonNode usage = node.path("usage");
            long shift = usage.path("minute").asLong() - last;
            JsonNode series = usage.path("apps").path(app);
            for (int kind = 0; kind < SERIES.length; kind++) {
                JsonNode values = series.path(SERIES[kind]);
                for (int i = 0; i < values.size(); i++) {
                    long at = i + shift;
                    if (at >= 0 && at < RecentUsage.MINUTES) {
                        sums[kind][(int) at] += values.get(i).asDouble();
                    }
                }
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("minute", last).put("nodes", nodes.size());
        ObjectNode series = body.putObject("series");
        ObjectNode totals = body.putObject("totals");
        for (int kind = 0; kind < SERIES.length; kind++) {
            ArrayNode values = series.putArray(SERIES[kind]);
            double total = 0;
            for (double value : sums[kind]) {
                values.add(value);
                total += value;
            }
            totals.put(SERIES[kind], total);
        }
        return body;
    }
}
