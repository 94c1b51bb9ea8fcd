package io.herald.node;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The time a stopping node has left, and whether it was told to hurry (a second signal, or
 * {@link HeraldNode#close}). Steps wait with {@link #sleepUnlessHurried} so that a hurry cuts
 * every wait short at once.
 */
public final class ShutdownDeadline {

    private final ShutdownClock clock;
    private final long startNanos;
    private final long endNanos;
    private final CountDownLatch hurried;

    ShutdownDeadline(Duration window, CountDownLatch hurried) {
        this(window, hurried, ShutdownClock.SYSTEM);
    }

    ShutdownDeadline(Duration window, CountDownLatch hurried, ShutdownClock clock) {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.endNanos = startNanos + window.toNanos();
        this.hurried = hurried;
    }

    /** Time since the shutdown began. */
    public Duration elapsed() {
        return Duration.ofNanos(clock.nanoTime() - startNanos);
    }

    /** Time until the window ends; zero once it has. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - clock.nanoTime()));
    }

    public boolean isHurried() {
        return hurried.getCount() == 0;
    }

    /** Waits {@code duration}, or less when told to hurry; true when hurried. */
    public boolean sleepUnlessHurried(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return isHurried();
        }
        return clock.await(hurried, duration.toNanos());
    }
}
