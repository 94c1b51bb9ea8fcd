package io.herald.bench.scenario;

import io.herald.bench.client.ClientTransport;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.Environment;
import io.herald.bench.server.ProcFiles;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmStatus;

/** The parts of a result every scenario with subscribers shares. */
final class Results {

    private Results() {}

    static Environment environment(int processes, double loadAtStart) {
        return new Environment(Runtime.getRuntime().availableProcessors(), Runtime.version().toString(),
                ClientTransport.choose().name(), processes, loadAtStart, ProcFiles.loadAverageNow());
    }

    static ConnectionsSection connections(SwarmReport report) {
        SwarmStatus status = report.status();
        double seconds = report.connectSeconds();
        return new ConnectionsSection(status.target(), status.subscribed(), status.failed(), report.failures(),
                status.dropped(), report.drops(), round(seconds, 3), seconds > 0 ? round(status.subscribed() / seconds, 1) : 0);
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
