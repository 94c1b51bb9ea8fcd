package io.herald.usage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-app usage over one or more nodes, in app id order: either since each node started, or over
 * a period between two readings of every node.
 *
 * @param sources the metrics endpoints read
 * @param period  the time between the two readings, or null for totals since each node started
 * @param apps    one row per app seen on any node
 */
public record UsageReport(List<String> sources, Duration period, List<AppUsage> apps) {

    public UsageReport {
        sources = List.copyOf(sources);
        apps = List.copyOf(apps);
    }

    /** Totals since each node started, summed over the nodes. */
    public static UsageReport totals(List<String> sources, List<Map<String, AppUsage>> nodes) {
        return new UsageReport(sources, null, sum(nodes));
    }

    /**
     * The usage between two readings of the same nodes, in the same order. Each node's counters
     * are subtracted before the nodes are summed, so one node's restart only affects its own part.
     */
    public static UsageReport over(Duration period, List<String> sources, List<Map<String, AppUsage>> before,
                                   List<Map<String, AppUsage>> after) {
        if (before.size() != after.size()) {
            throw new IllegalArgumentException("both readings must cover the same nodes");
        }
        List<Map<String, AppUsage>> deltas = new ArrayList<>();
        for (int i = 0; i < after.size(); i++) {
            Map<String, AppUsage> earlier = before.get(i);
            Map<String, AppUsage> delta = new TreeMap<>();
            after.get(i).forEach((app, later) -> delta.put(app, later.since(earlier.getOrDefault(app, AppUsage.none(app)))));
            deltas.add(delta);
        }
        return new UsageReport(sources, period, sum(deltas));
    }

    private static List<AppUsage> sum(List<Map<String, AppUsage>> nodes) {
        Map<String, AppUsage> total = new TreeMap<>();
        for (Map<String, AppUsage> node : nodes) {
            node.forEach((app, usage) -> total.merge(app, usage, AppUsage::plus));
        }
        return List.copyOf(total.values());
    }
}
