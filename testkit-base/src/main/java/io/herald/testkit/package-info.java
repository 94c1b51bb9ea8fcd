/**
 * Real servers for tests, closed by try-with-resources: {@link io.herald.testkit.RedisServer} and
 * {@link io.herald.testkit.NatsServer} run the real binaries on free loopback ports,
 * {@link io.herald.testkit.WebhookQueueContract} is the one suite every webhook queue driver
 * passes, and {@link io.herald.testkit.WebhookReceiver} is a recording webhook endpoint with
 * scripted answers. This part of the package (module testkit-base) needs no node, so the server,
 * redis and nats modules can test with it; {@code TestNode} lives in module testkit, on top of it.
 */
package io.herald.testkit;
