/**
 * The node's Prometheus registry and the realtime side's meters, labelled by app
 * ({@link io.herald.metrics.HeraldMetrics}), and beside them each app's last hour minute by
 * minute for the console ({@link io.herald.metrics.RecentUsage}). Every other part owns its meters and registers them
 * on this registry itself (the outbox, the sender, TLS, the cluster link), so this package
 * imports none of them.
 */
package io.herald.metrics;
