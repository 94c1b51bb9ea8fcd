package io.herald.cluster;

import io.herald.cluster.ClusterState.CachedEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last event of each cache channel of one app in an {@link InMemoryClusterStore}, kept until
 * its time to live runs out. Expired entries are dropped when read, and swept whenever the cache has
 * doubled since the last sweep, so channels nobody reads again do not accumulate. Not thread-safe:
 * the store's lock guards it.
 */
final class InMemoryEventCache {

    private static final int MIN_SWEEP_SIZE = 16;

    private final Map<String, Entry> entries = new HashMap<>();
    private int sizeAfterSweep = MIN_SWEEP_SIZE;

    void put(String channel, String event, String data, int ttlSeconds, long now) {
        entries.put(channel, new Entry(event, data, now + ttlSeconds * 1000L));
        if (entries.size() >= 2 * sizeAfterSweep) {
            entries.values().removeIf(entry -> entry.expiresAt <= now);
            sizeAfterSweep = Math.max(MIN_SWEEP_SIZE, entries.size());
        }
    }

    /** The channel's event with its remaining time to live in whole seconds (at least 1), if it has not expired. */
    Optional<CachedEvent> get(String channel, long now) {
        Entry entry = entries.get(channel);
        long remaining = entry == null ? 0 : entry.expiresAt - now;
        if (remaining <= 0) {
            entries.remove(channel);
            return Optional.empty();
        }
        return Optional.of(new CachedEvent(entry.event, entry.data, Math.max(1, (remaining + 999) / 1000)));
    }

    private record Entry(String event, String data, long expiresAt) {}
}
