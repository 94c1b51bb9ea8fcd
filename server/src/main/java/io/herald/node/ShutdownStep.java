package io.herald.node;

/** One part of the node's shutdown; it should finish within {@link ShutdownDeadline#remaining()}. */
@FunctionalInterface
public interface ShutdownStep {

    void run(ShutdownDeadline deadline) throws Exception;
}
