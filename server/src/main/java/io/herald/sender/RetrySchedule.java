package io.herald.sender;

import java.time.Duration;
import java.util.List;

/**
 * When a failed job is tried again: the n-th failure waits the n-th delay of the schedule (the
 * last one repeats) plus up to {@code jitter} of it at random, so endpoints that failed together
 * are not retried in lockstep. A job whose next attempt would start more than {@code window}
 * after its creation is given up.
 */
public record RetrySchedule(List<Duration> delays, double jitter, Duration window) {

    public RetrySchedule {
        if (delays.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one delay");
        }
        if (jitter < 0) {
            throw new IllegalArgumentException("jitter must not be negative");
        }
        delays = List.copyOf(delays);
    }

    public static RetrySchedule ofMillis(List<Integer> delaysMillis, double jitter, long windowMillis) {
        return new RetrySchedule(delaysMillis.stream().map(Duration::ofMillis).toList(), jitter, Duration.ofMillis(windowMillis));
    }

    /** The delay before the next attempt after {@code failures} failed attempts (1 or more), without jitter. */
    public Duration baseDelay(int failures) {
        int index = Math.min(Math.max(failures, 1), delays.size()) - 1;
        return delays.get(index);
    }

    /** The base delay stretched by {@code random} (in [0, 1)) times the jitter fraction. */
    public Duration delay(int failures, double random) {
        long base = baseDelay(failures).toMillis();
        return Duration.ofMillis(base + Math.round(base * jitter * random));
    }

    /**
     * The delay before the next attempt, or null when the window is over: {@code failures} counts
     * the failed attempts so far, times are epoch milliseconds.
     */
    public Duration next(int failures, long createdAtMillis, long nowMillis, double random) {
        Duration delay = delay(failures, random);
        long deadline = createdAtMillis + window.toMillis();
        return nowMillis + delay.toMillis() > deadline ? null : delay;
    }
}
