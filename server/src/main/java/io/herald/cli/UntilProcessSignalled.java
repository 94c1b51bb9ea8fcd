package io.herald.cli;

import io.herald.node.HeraldNode;
import io.herald.sender.StandaloneSender;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the node (or sender) until the process gets SIGTERM or SIGINT, then stops it gracefully: a
 * node drains ({@link HeraldNode#drain}), a sender returns its unfinished jobs. A second signal
 * hurries the stop. Any other way the JVM shuts down (SIGHUP, say) stops the service at once from
 * a shutdown hook.
 */
final class UntilProcessSignalled implements NodeLifetime {

    private static final Logger LOG = LoggerFactory.getLogger(UntilProcessSignalled.class);

    private boolean installed;
    private StopSignals signals;

    /** Takes over the signals before the service starts: a SIGTERM during startup stops it once it runs. */
    @Override
    public synchronized void beforeStart() {
        if (!installed) {
            installed = true;
            signals = StopSignals.install();
        }
    }

    @Override
    public void runUntilStopped(HeraldNode node) throws InterruptedException {
        runUntilSignalled(node::drain, node::hurry, node::close);
    }

    @Override
    public void runSenderUntilStopped(StandaloneSender sender) throws InterruptedException {
        runUntilSignalled(sender::close, sender::hurry, sender::close);
    }

    /**
     * Waits for the first signal, then runs {@code gracefulStop}; later signals run {@code hurry}.
     * A JVM shutdown that is no handled signal runs {@code immediateStop} from a hook instead, or
     * {@code gracefulStop} when the signals could not be taken over.
     */
    private void runUntilSignalled(Runnable gracefulStop, Runnable hurry, Runnable immediateStop)
            throws InterruptedException {
        beforeStart();
        StopSignals signals = this.signals;
        if (signals != null) {
            signals.onRepeat(hurry);
        }
        Thread hook = new Thread(() -> stopFromHook(signals == null ? gracefulStop : immediateStop), "herald-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (signals == null) {
            new CountDownLatch(1).await(); // the hook stops the service
            return;
        }
        signals.awaitFirst();
        gracefulStop.run();
        removeShutdownHook(hook);
    }

    private static void removeShutdownHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already; the hook finds the service stopped
        }
    }

    private static void stopFromHook(Runnable stop) {
        int exitCode = 0;
        try {
            stop.run();
        } catch (RuntimeException e) {
            LOG.error("stopping failed: {}", e.toString(), e);
            exitCode = 1;
        }
        // The JVM would report 128 + the signal number; a service that stopped cleanly exits 0.
        Runtime.getRuntime().halt(exitCode);
    }
}
