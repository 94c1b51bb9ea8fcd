package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult;

/**
 * One kind of load run against a node. A scenario is built from its command's options, prints
 * its progress as it goes, ends within its own deadline and answers one {@link BenchResult}.
 */
public interface Scenario {

    /** The name in the result's {@code scenario} field, which is also the subcommand's. */
    String name();

    BenchResult run() throws InterruptedException;
}
