/**
 * Real Herald nodes and hand-driven clients for tests. {@link io.herald.testkit.TestNode} starts
 * a node in this JVM on free ports; {@link io.herald.testkit.RawPusherClient} speaks the Pusher
 * protocol by hand and records every frame; {@link io.herald.testkit.BareWebSocket} is a WebSocket
 * on a plain socket that never answers pings and reads only when told, for dead and slow peers.
 *
 * <p>The parts that need no node live in module testkit-base, in this same package, so the
 * server, redis and nats modules can test with them: {@link io.herald.testkit.RedisServer} and
 * {@link io.herald.testkit.NatsServer} run the real binaries on free loopback ports, and
 * {@link io.herald.testkit.WebhookQueueContract} (with
 * {@link io.herald.testkit.NetworkedWebhookQueueContract}) is the one suite every webhook queue
 * driver passes.
 */
package io.herald.testkit;
