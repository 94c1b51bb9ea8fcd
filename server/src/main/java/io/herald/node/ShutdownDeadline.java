package io.herald.node;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The time a stopping node has left, and whether it was told to hurry (a second signal, or
 * {@link HeraldNode#close}). Steps wait with {@link #sleepUnlessHurried} so that a hurry cuts
 * every wait short at once.
 */
public final class ShutdownDeadline {

    private final long startNanos;
    private final long endNanos;
    private final CountDownLatch hurried;

    ShutdownDeadline(Duration window, CountDownLatch hurried) {
        this.startNanos = System.nanoTime();
        this.endNanos = startNanos + window.toNanos();
        this.hurried = hurried;
    }

    /** Time since the shutdown began. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** Time until the window ends; zero once it has. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }

    public boolean isHurried() {
        return hurried.getCount() == 0;
    }

    /** Waits {@code duration}, or less when told to hurry; true when hurried. */
    public boolean sleepUnlessHurried(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            return isHurried();
        }
        return hurried.await(duration.toNanos(), TimeUnit.NANOSECONDS);
    }
}
