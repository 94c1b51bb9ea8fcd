/**
 * What a run prints: the live progress line on stderr and the JSON result
 * ({@link io.herald.bench.report.BenchResult}), one section per kind of measurement so that new
 * scenarios add sections rather than change existing ones.
 */
package io.herald.bench.report;
