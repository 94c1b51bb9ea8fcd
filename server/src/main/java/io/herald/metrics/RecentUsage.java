package io.herald.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Each app's usage on this node minute by minute over the last hour, for the console's app page:
 * a ring of {@value #MINUTES} one-minute slots per app, held only for apps with activity in that
 * hour. Adding to it is a map lookup and an atomic add, with no allocation; a slot is zeroed when
 * its minute comes round again. Thread-safe.
 */
public final class RecentUsage {

    /** What a slot counts. */
    public enum Kind {
        /** Milliseconds of open connections (one connection open for a second adds 1,000). */
        CONNECTION_MILLIS,
        /** Channel messages delivered to subscribers. */
        MESSAGES_SENT,
        /** Events published through the HTTP API. */
        EVENTS_PUBLISHED,
        /** Bytes (whole WebSocket frames) delivered to subscribers. */
        BYTES_SENT
    }

    public static final int MINUTES = 60;
    private static final Kind[] KINDS = Kind.values();
    private static final long MINUTE_MILLIS = 60_000;

    private final LongSupplier clockMillis;
    private final ConcurrentMap<String, Ring> rings = new ConcurrentHashMap<>();

    public RecentUsage(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** The minute (since the epoch) it is now. */
    public long minute() {
        return clockMillis.getAsLong() / MINUTE_MILLIS;
    }

    public void add(String app, Kind kind, long amount) {
        if (amount <= 0) {
            return;
        }
        Ring ring = rings.get(app);
        if (ring == null) {
            ring = rings.computeIfAbsent(app, key -> new Ring());
        }
        ring.add(minute(), kind.ordinal(), amount);
    }

    /**
     * One app's last {@value #MINUTES} minutes up to {@code lastMinute}, oldest first, by kind;
     * all zeros for an app without activity.
     */
    public long[][] lastHour(String app, long lastMinute) {
        long[][] series = new long[KINDS.length][MINUTES];
        Ring ring = rings.get(app);
        if (ring != null) {
            ring.read(lastMinute, series);
        }
        return series;
    }

    /** Every app with activity in the hour up to now, by app id; forgets the others. */
    public Map<String, long[][]> lastHour() {
        return lastHour(null);
    }

    /** Those of {@code appIds} (every app when null) with activity in the hour up to now, by app id; forgets the idle apps. */
    public Map<String, long[][]> lastHour(Set<String> appIds) {
        long now = minute();
        rings.entrySet().removeIf(entry -> entry.getValue().lastMinute() <= now - MINUTES);
        Map<String, long[][]> all = new LinkedHashMap<>();
        for (String app : appIds == null ? rings.keySet() : appIds) {
            if (rings.containsKey(app)) {
                all.put(app, lastHour(app, now));
            }
        }
        return all;
    }

    /** Apps held. */
    public int size() {
        return rings.size();
    }

    private static final class Ring {

        private final AtomicLongArray minutes = new AtomicLongArray(MINUTES);
        private final AtomicLongArray counts = new AtomicLongArray(MINUTES * KINDS.length);
        private volatile long lastMinute;

        Ring() {
            for (int slot = 0; slot < MINUTES; slot++) {
                minutes.set(slot, Long.MIN_VALUE);
            }
        }

        void add(long minute, int kind, long amount) {
            int slot = (int) Math.floorMod(minute, (long) MINUTES);
            long held = minutes.get(slot);
            if (held != minute) {
                if (held > minute) {
                    return; // a minute already gone round: too late to count
                }
                turn(slot, minute);
            }
            counts.addAndGet(slot * KINDS.length + kind, amount);
        }

        /** Zeroes a slot for its new minute; rare (once a minute per slot), so a lock is fine. */
        private synchronized void turn(int slot, long minute) {
            if (minutes.get(slot) < minute) {
                for (int kind = 0; kind < KINDS.length; kind++) {
                    counts.set(slot * KINDS.length + kind, 0);
                }
                minutes.set(slot, minute);
                if (minute > lastMinute) {
                    lastMinute = minute;
                }
            }
        }

        void read(long lastMinute, long[][] series) {
            for (int i = 0; i < MINUTES; i++) {
                long minute = lastMinute - MINUTES + 1 + i;
                int slot = (int) Math.floorMod(minute, (long) MINUTES);
                if (minutes.get(slot) == minute) {
                    for (int kind = 0; kind < KINDS.length; kind++) {
                        series[kind][i] = counts.get(slot * KINDS.length + kind);
                    }
                }
            }
        }

        long lastMinute() {
            return lastMinute;
        }
    }
}
