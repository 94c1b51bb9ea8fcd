/**
 * Real servers for tests, on free ports and closed by try-with-resources: {@link io.herald.testkit.TestNode}
 * (a Herald node in this JVM) and {@link io.herald.testkit.WebhookReceiver} (a recording webhook
 * endpoint with scripted answers).
 */
package io.herald.testkit;
