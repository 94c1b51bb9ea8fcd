package io.herald.bench.scenario;

import java.time.Duration;

/** The moment a run must give up waiting, so that every run ends in bounded time. */
public final class Deadline {

    private final long endNanos;

    public Deadline(Duration length) {
        this.endNanos = System.nanoTime() + length.toNanos();
    }

    public boolean passed() {
        return System.nanoTime() >= endNanos;
    }

    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, endNanos - System.nanoTime()));
    }
}
