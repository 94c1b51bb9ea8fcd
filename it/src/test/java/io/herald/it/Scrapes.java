package io.herald.it;

import io.herald.testkit.TestNode;
import java.util.List;

/** Reads a node's Prometheus text as the tests need it: values and series of one metric. */
final class Scrapes {

    private Scrapes() {}

    /** The sum of every sample whose line starts with {@code prefix} (a name, or a name and {@code {}). */
    static double sum(TestNode node, String prefix) {
        return series(node, prefix).stream()
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The sample lines starting with {@code prefix}. */
    static List<String> series(TestNode node, String prefix) {
        return node.node().metrics().scrape().lines().filter(line -> line.startsWith(prefix)).toList();
    }

    /** Herald's own series (the JVM's are left out: they come and go with the JVM, not with clients). */
    static List<String> heraldSeries(TestNode node) {
        return node.node().metrics().scrape().lines()
                .filter(line -> line.startsWith("herald_"))
                .map(line -> line.substring(0, line.lastIndexOf(' ')))
                .toList();
    }
}
