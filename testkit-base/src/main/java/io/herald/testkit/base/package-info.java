/**
 * Test support that needs no Herald node (module testkit-base), so the core, server, redis and
 * nats modules can all test with it. Real engines: {@link io.herald.testkit.base.RedisServer} and
 * {@link io.herald.testkit.base.NatsServer} run the real binaries on free loopback ports in temp
 * directories ({@link io.herald.testkit.base.ServerProcess}; {@link io.herald.testkit.base.ServerPerClass}
 * shares one across a test class); {@link io.herald.testkit.base.RedisClusterServer} runs six of
 * them as a Redis Cluster that can fail over and move slots. Contract suites every driver passes:
 * {@link io.herald.testkit.base.BusContract}, {@link io.herald.testkit.base.ClusterStateContract},
 * {@link io.herald.testkit.base.WebhookQueueContract} and their networked variants. Also a webhook
 * receiver and test certificates. Depends on core and test libraries only, never on the server.
 */
package io.herald.testkit.base;
