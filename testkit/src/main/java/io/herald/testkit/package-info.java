/**
 * Real Herald nodes and hand-driven clients for tests (module testkit). {@link io.herald.testkit.TestNode}
 * starts a node in this JVM on free ports; {@link io.herald.testkit.RawPusherClient} speaks the Pusher
 * protocol by hand and records every frame; {@link io.herald.testkit.BareWebSocket} is a WebSocket
 * on a plain socket that never answers pings and reads only when told, for dead and slow peers.
 *
 * <p>The parts that need no node are package {@code io.herald.testkit.base} (module testkit-base),
 * which the server, redis and nats modules test with. Used by tests only; nothing in production
 * code imports it.
 */
package io.herald.testkit;
