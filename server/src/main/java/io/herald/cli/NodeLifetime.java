package io.herald.cli;

import io.herald.node.HeraldNode;
import io.herald.sender.StandaloneSender;

/** Keeps a started node (or standalone webhook sender) running for as long as it should run. */
interface NodeLifetime {

    /**
     * Called before the node (or sender) starts, so that a stop request arriving while it starts
     * is not lost.
     */
    default void beforeStart() {}

    /**
     * Blocks while the node should run. When it returns, the caller closes the node; an
     * implementation that ends the process itself never returns.
     */
    void runUntilStopped(HeraldNode node) throws InterruptedException;

    /** The same for {@code herald sender}; lifetimes that only run nodes refuse. */
    default void runSenderUntilStopped(StandaloneSender sender) throws InterruptedException {
        throw new UnsupportedOperationException("this lifetime runs nodes only");
    }
}
