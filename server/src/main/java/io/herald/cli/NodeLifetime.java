package io.herald.cli;

/** Keeps a started node (or standalone webhook sender) running for as long as it should run. */
interface NodeLifetime {

    /**
     * Blocks while the node should run. When it returns, the caller closes the node; an
     * implementation that ends the process itself never returns.
     */
    void runUntilStopped(AutoCloseable node) throws InterruptedException;
}
