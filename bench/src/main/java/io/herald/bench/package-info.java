/**
 * {@code herald-bench}, the load generator: the command line ({@link io.herald.bench.BenchCommand}
 * and one command class per scenario). Start reading at {@link io.herald.bench.BenchCommand}, then
 * a scenario in {@code io.herald.bench.scenario}. Depends on herald-core only (for request
 * signing and the JSON string encoder), never on the server, so it measures a node from outside.
 */
package io.herald.bench;
