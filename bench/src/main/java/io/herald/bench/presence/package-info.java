/**
 * The {@code presence} scenario's clients: observer connections that stay subscribed to presence
 * channels, member connections that join and leave them on a schedule
 * ({@link io.herald.bench.presence.PresenceCrowd}), and the counts of what the observers saw
 * ({@link io.herald.bench.presence.PresenceCounters}). Subscriptions are signed with the app
 * secret as an app's auth endpoint would sign them. Depends on the client package for transport
 * and clock, never on the scenarios.
 */
package io.herald.bench.presence;
