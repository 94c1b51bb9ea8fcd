/**
 * Client connections and the event loops that own them. A {@link io.herald.connection.Connection} is
 * touched only on its own loop; {@link io.herald.connection.LoopShard} batches flushes per loop.
 */
package io.herald.connection;
