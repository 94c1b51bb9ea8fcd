/**
 * Real Herald nodes and hand-driven clients for tests. {@link io.herald.testkit.TestNode} starts
 * a node in this JVM on free ports; {@link io.herald.testkit.RawPusherClient} speaks the Pusher
 * protocol by hand and records every frame; {@link io.herald.testkit.BareWebSocket} is a WebSocket
 * on a plain socket that never answers pings and reads only when told, for dead and slow peers.
 */
package io.herald.testkit;
