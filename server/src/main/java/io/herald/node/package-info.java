/**
 * Wiring: {@link io.herald.node.HeraldNode} builds a node from a configuration, binds its listeners and
 * shuts it down.
 */
package io.herald.node;
