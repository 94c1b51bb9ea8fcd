/**
 * Wiring: {@link io.herald.node.HeraldNode} builds a node from a configuration, binds its listeners and
 * stops it. Stopping is a {@link io.herald.node.ShutdownSequence} of steps grouped by
 * {@link io.herald.node.ShutdownStage} (stop accepting, drain clients, stop listening, release
 * cluster state, flush the outbox, stop the sender, close the queue); {@link io.herald.node.ClientDrain}
 * spreads the clients' reconnects over the drain window.
 */
package io.herald.node;
