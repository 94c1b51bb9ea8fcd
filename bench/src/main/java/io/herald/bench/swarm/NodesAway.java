package io.herald.bench.swarm;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes that recently turned a subscriber away: told it to reconnect (a node draining), or
 * refused, closed or did not answer one of its attempts (a node restarting, or too busy). A load
 * balancer's health check takes such a node out for a while; here it is out for
 * {@link #AWAY_NANOS} after the last time it turned someone away, so a node back from its restart
 * gets clients again a few seconds after the last refusal. Thread-safe.
 */
final class NodesAway {

    static final long AWAY_NANOS = 3_000_000_000L;

    private final Map<URI, Long> lastTurnedAway = new ConcurrentHashMap<>();

    void turnedAway(URI node, long nowNanos) {
        lastTurnedAway.merge(node, nowNanos, Math::max);
    }

    /** Those of {@code nodes} not away at {@code nowNanos}; all of them when every one is away. */
    List<URI> present(List<URI> nodes, long nowNanos) {
        List<URI> present = new ArrayList<>(nodes.size());
        for (URI node : nodes) {
            Long last = lastTurnedAway.get(node);
            if (last == null || nowNanos - last >= AWAY_NANOS) {
                present.add(node);
            }
        }
        return present.isEmpty() ? nodes : present;
    }
}
