package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.MemorySample;
import io.herald.bench.report.BenchResult.ServerSection;
import io.herald.bench.report.Progress;
import io.herald.bench.report.TimelineRecorder;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmStatus;
import java.time.Duration;

/**
 * Opens many idle subscribed connections and holds them: how fast they open, which fail and
 * why, and, given the server's pid, what they cost the server in heap and RSS. Server memory is
 * measured right before the first connection and again at the end of the hold, with every
 * connection still open; each time after two full collections.
 */
public final class ConnectionsScenario implements Scenario {

    private final RunSettings settings;
    private final Duration hold;
    private final Progress progress;

    public ConnectionsScenario(RunSettings settings, Duration hold, Progress progress) {
        this.settings = settings;
        this.hold = hold;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "connections";
    }

    @Override
    public BenchResult run() throws InterruptedException {
        RunStart run = new RunStart(name(), settings);
        Deadline deadline = run.deadline();
        ServerMeasure server = ServerMeasure.of(settings.serverPid(), progress);
        MemorySample baseline = server == null ? null : server.memory("before connecting");
        TimelineRecorder timeline = new TimelineRecorder("subscriptions/s", null, run.startNanos());
        try (Swarms swarms = new Swarms(settings.swarm(), settings.processes(), settings.workerJvmOptions())) {
            swarms.recordTimeline(timeline, SwarmStatus::subscribed, () -> 0);
            swarms.start();
            SwarmStatus setup = swarms.watch(progress, "connect", settings.deadline(), deadline, SwarmStatus::setupDone);
            progress.note("connected: " + setup.subscribed() + " subscribed, " + setup.failed() + " failed; holding " + hold.toSeconds() + " s");
            swarms.watch(progress, "hold", hold, deadline, status -> false);
            MemorySample loaded = server == null ? null : server.memory("with " + swarms.status().subscribed() + " connections open");
            SwarmReport report = swarms.stop();
            ServerSection serverSection = server == null ? null
                    : server.memorySection(baseline, loaded, report.status().subscribed() - report.status().dropped());
            return run.result(Results.connections(report), serverSection, null, null, null, null, timeline.timeline());
        }
    }
}
