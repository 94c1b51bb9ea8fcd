/**
 * Per-app usage for billing and budgets, read from nodes' {@code /metrics}: a strict Prometheus
 * text reader ({@link io.herald.usage.PrometheusText}), the usage series of one node
 * ({@link io.herald.usage.NodeUsage}), sums and deltas over nodes ({@link io.herald.usage.UsageReport})
 * and the output formats ({@link io.herald.usage.UsageFormat}). {@code herald usage} drives it.
 * Nothing here depends on a running node; it reads only what a node serves over HTTP.
 */
package io.herald.usage;
