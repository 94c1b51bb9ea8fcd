package io.herald.testkit.base;

import java.util.Arrays;
import java.util.List;

/** One line of {@code CLUSTER NODES}: id, address, flags and the slot ranges the node serves. */
record ClusterNodesLine(String id, String address, List<String> flags, List<String> slots) {

    static ClusterNodesLine parse(String line) {
        String[] parts = line.trim().split(" ");
        String address = parts[1].substring(0, parts[1].indexOf('@'));
        List<String> slots = Arrays.stream(parts).skip(8).filter(part -> !part.startsWith("[")).toList();
        return new ClusterNodesLine(parts[0], address, List.of(parts[2].split(",")), slots);
    }

    /** True when one of its ranges ({@code 0-5460} or a lone {@code 42}) holds {@code slot}. */
    boolean serves(int slot) {
        for (String range : slots) {
            int dash = range.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(range.substring(dash + 1));
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }
}
