/**
 * The scenarios ({@link io.herald.bench.scenario.Scenario}): {@code connections}, {@code fanout} and
 * {@code webhooks}. A scenario owns its phases and deadline, drives the subscribers through
 * {@link io.herald.bench.scenario.Swarms} and answers a {@link io.herald.bench.report.BenchResult}.
 * A new scenario is a class here, a command beside {@code FanoutCommand}, and a result section.
 */
package io.herald.bench.scenario;
