package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.ClientCpu;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.FanoutSection;
import io.herald.bench.report.BenchResult.PresenceSection;
import io.herald.bench.report.BenchResult.ServerSection;
import io.herald.bench.report.PercentilePoint;
import io.herald.bench.report.Timeline;
import io.herald.bench.server.ProcFiles;
import java.time.Instant;
import org.HdrHistogram.Histogram;

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

    /** When the run began, as a {@link System#nanoTime()} reading: time 0 of its timeline. */
    long startNanos() {
        return startNanos;
    }

    /**
     * The result, with the sections this scenario measured (the others null).
     *
     * @param latency the measured latencies, for the distribution plot; null when the scenario measures none
     */
    BenchResult result(ConnectionsSection connections, ServerSection server, ClientCpu client, FanoutSection fanout,
            PresenceSection presence, Histogram latency, Timeline timeline) {
        return new BenchResult(scenario, started.toString(), Results.round((System.nanoTime() - startNanos) / 1e9, 3),
                Results.environment(settings.processes(), loadAtStart), settings.parameters(), connections,
                server, client, fanout, presence, latency == null ? null : PercentilePoint.distribution(latency), timeline);
    }
}
