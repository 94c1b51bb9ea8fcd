package io.herald.node;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The time a shutdown runs on: read, and waited on in a way a hurry cuts short. The node uses the
 * system's; a test gives a clock that moves only when the shutdown waits, so the drain's schedule
 * is checked without depending on how fast the machine is.
 */
interface ShutdownClock {

    long nanoTime();

    /** Waits up to {@code nanos}, or until {@code hurried} is released; true when hurried. */
    boolean await(CountDownLatch hurried, long nanos) throws InterruptedException;

    ShutdownClock SYSTEM = new ShutdownClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public boolean await(CountDownLatch hurried, long nanos) throws InterruptedException {
            return hurried.await(nanos, TimeUnit.NANOSECONDS);
        }
    };
}
