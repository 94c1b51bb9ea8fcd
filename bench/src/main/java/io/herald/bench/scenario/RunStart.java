package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.ClientCpu;
import io.herald.bench.report.BenchResult.FanoutSection;
import io.herald.bench.report.BenchResult.ServerSection;
import io.herald.bench.server.ProcFiles;
import io.herald.bench.swarm.SwarmReport;
import java.time.Instant;

/** The moment a scenario began, its deadline, and how the shared parts of its result are made. */
final class RunStart {

    private final String scenario;
    private final RunSettings settings;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final double loadAtStart = ProcFiles.loadAverageNow();
    private final Deadline deadline;

    RunStart(String scenario, RunSettings settings) {
        this.scenario = scenario;
        this.settings = settings;
        this.deadline = new Deadline(settings.deadline());
    }

    Deadline deadline() {
        return deadline;
    }

    /** The result, with the sections this scenario measured (the others null). */
    BenchResult result(SwarmReport report, ServerSection server, ClientCpu client, FanoutSection fanout) {
        return new BenchResult(scenario, started.toString(), Results.round((System.nanoTime() - startNanos) / 1e9, 3),
                Results.environment(settings.processes(), loadAtStart), settings.parameters(), Results.connections(report),
                server, client, fanout);
    }
}
