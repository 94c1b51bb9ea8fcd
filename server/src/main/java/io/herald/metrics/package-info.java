/**
 * The node's Prometheus registry and the realtime side's meters, labelled by app
 * ({@link io.herald.metrics.HeraldMetrics}). Every other part owns its meters and registers them
 * on this registry itself (the outbox, the sender, TLS, the cluster link), so this package
 * imports none of them.
 */
package io.herald.metrics;
