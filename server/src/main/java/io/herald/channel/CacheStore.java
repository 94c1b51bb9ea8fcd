package io.herald.channel;

import io.herald.channel.ChannelHub.CachedEvent;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * The last API-published event of each cache channel, kept for the app's cache TTL whether or not
 * anyone is subscribed. Expired entries are dropped when read and by {@link #purgeExpired}.
 */
public final class CacheStore {

    private final ConcurrentMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    public CacheStore(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    public void put(String appId, String channel, String event, String data, int ttlSeconds) {
        entries.put(key(appId, channel), new Entry(event, data, clockMillis.getAsLong() + ttlSeconds * 1000L));
    }

    public Optional<CachedEvent> get(String appId, String channel) {
        String key = key(appId, channel);
        Entry entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        long left = entry.expiresAtMillis - clockMillis.getAsLong();
        if (left <= 0) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(new CachedEvent(entry.event, entry.data, (left + 999) / 1000));
    }

    public void purgeExpired() {
        long now = clockMillis.getAsLong();
        entries.values().removeIf(entry -> entry.expiresAtMillis <= now);
    }

    private static String key(String appId, String channel) {
        return appId + '\u0000' + channel;
    }

    private record Entry(String event, String data, long expiresAtMillis) {}
}
