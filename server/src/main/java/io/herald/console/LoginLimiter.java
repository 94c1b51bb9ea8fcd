package io.herald.console;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Failed console logins per client address: at most {@code perMinute} in a minute starting at an
 * address's first failure; past that, logins from it are refused until the minute is over, even
 * with a good token, so that guessing tokens is slow. A success does not clear the count (a
 * guesser could interleave its own token). At most {@value #MAX_ADDRESSES} addresses are held, the
 * least recently failing forgotten first. Thread-safe.
 */
final class LoginLimiter {

    static final int MAX_ADDRESSES = 10_000;
    private static final long WINDOW_MILLIS = 60_000;

    private final int perMinute;
    private final LongSupplier clockMillis;
    private final Map<String, Window> windows = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }

    /** @param perMinute failures an address may have in a minute; 0 for no limit */
    LoginLimiter(int perMinute, LongSupplier clockMillis) {
        this.perMinute = perMinute;
        this.clockMillis = clockMillis;
    }

    /** Seconds until {@code address} may try again, or 0 when it may now. */
    synchronized long retryAfterSeconds(String address) {
        if (perMinute <= 0) {
            return 0;
        }
        Window window = windows.get(address);
        long now = clockMillis.getAsLong();
        if (window == null || now - window.start >= WINDOW_MILLIS) {
            return 0;
        }
        if (window.failures < perMinute) {
            return 0;
        }
        return Math.max(1, (window.start + WINDOW_MILLIS - now + 999) / 1000);
    }

    synchronized void failed(String address) {
        if (perMinute <= 0) {
            return;
        }
        long now = clockMillis.getAsLong();
        Window window = windows.get(address);
        if (window == null || now - window.start >= WINDOW_MILLIS) {
            window = new Window(now);
            windows.put(address, window);
            while (windows.size() > MAX_ADDRESSES) {
                windows.remove(windows.keySet().iterator().next());
            }
        }
        window.failures++;
    }

    synchronized int size() {
        return windows.size();
    }
}
