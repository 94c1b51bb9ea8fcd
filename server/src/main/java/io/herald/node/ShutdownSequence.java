package io.herald.node;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The steps a node takes to stop, by {@link ShutdownStage}: stages run in their declared order,
 * steps of one stage in the order they were added. A failing step is logged and the rest still
 * run, so a broken part never keeps the webhook queue from being flushed and closed.
 */
public final class ShutdownSequence {

    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);

    private final Map<ShutdownStage, List<Named>> steps = new EnumMap<>(ShutdownStage.class);

    /** Adds a step to a stage; {@code name} appears in the log if it fails. */
    public synchronized ShutdownSequence add(ShutdownStage stage, String name, ShutdownStep step) {
        steps.computeIfAbsent(stage, s -> new ArrayList<>()).add(new Named(name, step));
        return this;
    }

    /** Runs every step; returns true when none failed. */
    synchronized boolean run(ShutdownDeadline deadline) {
        boolean clean = true;
        boolean interrupted = false;
        for (ShutdownStage stage : ShutdownStage.values()) {
            for (Named named : steps.getOrDefault(stage, List.of())) {
                clean &= runStep(stage, named, deadline);
                // An interrupted step must not cut the later ones short: the queue still gets closed.
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return clean;
    }

    private static boolean runStep(ShutdownStage stage, Named named, ShutdownDeadline deadline) {
        try {
            LOG.debug("Shutdown {}: {} ({} ms left)", stage, named.name, deadline.remaining().toMillis());
            named.step.run(deadline);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.error("Shutdown step {} ({}) was interrupted", named.name, stage);
            return false;
        } catch (Exception | LinkageError e) {
            LOG.error("Shutdown step {} ({}) failed: {}", named.name, stage, e.toString(), e);
            return false;
        }
    }

    private record Named(String name, ShutdownStep step) {}
}
