package io.herald.cli;

import io.herald.node.HeraldNode;
import io.herald.sender.StandaloneSender;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the node (or sender) until the process gets SIGTERM or SIGINT, then closes it and exits 0. */
final class UntilProcessSignalled implements NodeLifetime {

    private static final Logger LOG = LoggerFactory.getLogger(UntilProcessSignalled.class);

    @Override
    public void runUntilStopped(HeraldNode node) throws InterruptedException {
        runUntilSignalled(node);
    }

    @Override
    public void runSenderUntilStopped(StandaloneSender sender) throws InterruptedException {
        runUntilSignalled(sender);
    }

    private static void runUntilSignalled(AutoCloseable service) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(service), "herald-shutdown"));
        new CountDownLatch(1).await();
    }

    private static void stop(AutoCloseable service) {
        LOG.info("Herald stopping");
        int exitCode = 0;
        try {
            service.close();
        } catch (Exception e) {
            LOG.error("stopping failed: {}", e.toString(), e);
            exitCode = 1;
        }
        // The JVM would report 128 + the signal number; a node that stopped cleanly exits 0.
        Runtime.getRuntime().halt(exitCode);
    }
}
