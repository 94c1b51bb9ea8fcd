package io.herald.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as the process's own events rather than the JVM's shutdown: the first asks
 * the process to stop (gracefully, taking its time), each later one to hurry. With the JVM's
 * default handling a second signal could not be seen, since the JVM ignores signals once its
 * shutdown has begun. {@code sun.misc.Signal} (module jdk.unsupported) is the JDK's only API for
 * this; where it is refused the caller falls back to a shutdown hook.
 */
final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
    private static final String[] NAMES = {"TERM", "INT"};

    private final CountDownLatch first = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();
    /** Until the service runs there is nothing to hurry: a second signal then ends the process. */
    private volatile Runnable onRepeat = () -> System.exit(1);

    private StopSignals() {}

    /**
     * Takes over SIGTERM and SIGINT. Returns null when the JVM does not let the process handle
     * them (as with {@code -Xrs}).
     */
    static StopSignals install() {
        StopSignals signals = new StopSignals();
        try {
            for (String name : NAMES) {
                Signal.handle(new Signal(name), signals::receive);
            }
            return signals;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warn("Cannot handle SIGTERM/SIGINT ({}); a stop cannot be hurried by a second signal", e.getMessage());
            return null;
        }
    }

    /** Runs {@code hurry} on every signal after the first, and now if one came already. */
    void onRepeat(Runnable hurry) {
        onRepeat = hurry;
        if (received.get() > 1) {
            hurry.run();
        }
    }

    private void receive(Signal signal) {
        if (received.incrementAndGet() == 1) {
            LOG.info("SIG{} received; stopping (send it again to stop at once)", signal.getName());
            first.countDown();
        } else {
            LOG.info("SIG{} received again; stopping at once", signal.getName());
            onRepeat.run();
        }
    }

    /** Blocks until the first signal. */
    void awaitFirst() throws InterruptedException {
        first.await();
    }
}
