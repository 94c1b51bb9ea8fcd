/**
 * Client connections and the event loops that own them. A {@link io.herald.connection.Connection}
 * is touched only on its own loop; {@link io.herald.connection.LoopShard} batches flushes per loop;
 * a {@link io.herald.connection.Subscription} names the channel it belongs to, and its
 * {@link io.herald.connection.RosterGate} holds a presence subscription's events until its member
 * list is sent, then lets through only changes newer than that list. The lowest of the
 * realtime packages: it imports {@code transport}'s frame encoder and nothing else of the server.
 */
package io.herald.connection;
