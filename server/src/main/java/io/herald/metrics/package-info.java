/** Prometheus metrics of the node, labelled by app. */
package io.herald.metrics;
