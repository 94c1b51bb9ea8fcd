package io.herald.cli;

import io.herald.node.HeraldNode;

/** Keeps a started node running for as long as it should run. */
interface NodeLifetime {

    /**
     * Blocks while the node should run. When it returns, the caller closes the node; an
     * implementation that ends the process itself never returns.
     */
    void runUntilStopped(HeraldNode node) throws InterruptedException;
}
