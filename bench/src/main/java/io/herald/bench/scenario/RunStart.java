package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.ClientCpu;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.FanoutSection;
import io.herald.bench.report.BenchResult.PresenceSection;
import io.herald.bench.report.BenchResult.ServerSection;
import io.herald.bench.report.BenchResult.WebhooksSection;
import io.herald.bench.report.PercentilePoint;
import io.herald.bench.report.Timeline;
import io.herald.bench.server.NodeProcess;
import io.herald.bench.server.ProcFiles;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** The moment a scenario began, its deadline, and how the shared parts of its result are made. */
final class RunStart {

    private final String scenario;
    private final int processes;
    private final Map<String, Object> parameters;
    private final Instant started = Instant.now();
    private final long startNanos = System.nanoTime();
    private final double loadAtStart = ProcFiles.loadAverageNow();
    private final String loadAverages = ProcFiles.loadAveragesNow();
    private final NodeProcess node;
    private final Deadline deadline;

    RunStart(String scenario, RunSettings settings) {
        this(scenario, settings.processes(), settings.parameters(), settings.deadline(), settings.serverPid());
    }

    /** @param serverPid the node measured, whose JVM flags and commit the result records; null for none */
    RunStart(String scenario, int processes, Map<String, Object> parameters, Duration deadline, Long serverPid) {
        this.scenario = scenario;
        this.processes = processes;
        this.parameters = parameters;
        this.deadline = new Deadline(deadline);
        this.node = serverPid == null ? null : NodeProcess.of(serverPid);
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
                Results.environment(processes, loadAtStart, loadAverages, node), parameters, connections, server, client, fanout, null, null,
                presence, latency == null ? null : PercentilePoint.distribution(latency), timeline);
    }

    /** The result of a webhooks run, whose node and separate sender are both measured. */
    BenchResult result(ConnectionsSection connections, ServerSection server, ServerSection sender, ClientCpu client,
            FanoutSection fanout, WebhooksSection webhooks) {
        return new BenchResult(scenario, started.toString(), Results.round((System.nanoTime() - startNanos) / 1e9, 3),
                Results.environment(processes, loadAtStart, loadAverages, node), parameters, connections, server, client, fanout, sender, webhooks,
                null, null, null);
    }
}
