package io.herald.bench.scenario;

import io.herald.bench.client.ClientTransport;
import io.herald.bench.report.BenchResult.ClientCpu;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.Environment;
import io.herald.bench.report.BenchResult.ReconnectSection;
import io.herald.bench.report.LatencySummary;
import io.herald.bench.server.NodeProcess;
import io.herald.bench.server.ProcFiles;
import io.herald.bench.server.ServerProbe;
import io.herald.bench.swarm.Reconnects;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmStatus;

/** The parts of a result every scenario with subscribers shares. */
final class Results {

    private Results() {}

    static Environment environment(int processes, double loadAtStart, String loadAverages, NodeProcess node) {
        return new Environment(Runtime.getRuntime().availableProcessors(), Runtime.version().toString(),
                ClientTransport.choose().name(), processes, loadAtStart, ProcFiles.loadAverageNow(), loadAverages,
                node == null ? null : node.commit(), node == null ? null : node.jvmFlags());
    }

    static ConnectionsSection connections(SwarmReport report) {
        SwarmStatus status = report.status();
        double seconds = report.connectSeconds();
        Reconnects reconnects = report.reconnects();
        ReconnectSection reconnected = reconnects == null || reconnects.told() == 0 ? null
                : new ReconnectSection(reconnects.told(), reconnects.resubscribed(), reconnects.attemptsFailed(),
                        reconnects.gaveUp(), reconnects.missedEvents(), LatencySummary.of(reconnects.resubscribeMicros()));
        return new ConnectionsSection(status.target(), status.subscribed(), status.failed(), report.failures(),
                status.dropped(), report.drops(), round(seconds, 3), seconds > 0 ? round(status.subscribed() / seconds, 1) : 0,
                reconnected);
    }

    /** The bench's own CPU over a measured phase, {@code ticks} of /proc time, per delivery too. */
    static ClientCpu clientCpu(long ticks, long deliveries) {
        double seconds = ticks / (double) ServerProbe.clockTicksPerSecond();
        return new ClientCpu(round(seconds, 2), deliveries == 0 ? null : round(seconds * 1e6 / deliveries, 3));
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
