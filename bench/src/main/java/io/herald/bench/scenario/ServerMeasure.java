package io.herald.bench.scenario;

import io.herald.bench.report.BenchResult.MemorySample;
import io.herald.bench.report.BenchResult.ServerSection;
import io.herald.bench.report.Progress;
import io.herald.bench.server.ServerProbe;

/** The server-side figures of a run, when the run was given the server's pid. */
final class ServerMeasure {

    private final ServerProbe probe;
    private final long ticksPerSecond = ServerProbe.clockTicksPerSecond();
    private final Progress progress;
    private long cpuStart;
    private long cpuEnd;
    private long waitStart;
    private long waitEnd;

    private ServerMeasure(ServerProbe probe, Progress progress) {
        this.probe = probe;
        this.progress = progress;
    }

    static ServerMeasure of(Long pid, Progress progress) {
        return pid == null ? null : new ServerMeasure(new ServerProbe(pid), progress);
    }

    /**
     * RSS first, as the process holds it on its own; then the live heap, which needs the full
     * collections of jcmd GC.run. Read the other way round, a collector that gives memory back
     * after a full collection would make the RSS look smaller than an operator ever sees it.
     */
    MemorySample memory(String when) {
        progress.note("measuring server memory " + when + " (/proc VmRSS; jcmd GC.run, GC.heap_info)");
        long rss = probe.rssBytes();
        return new MemorySample(rss, probe.heapUsedAfterGcBytes());
    }

    void cpuStart() {
        cpuStart = probe.cpu().total();
        waitStart = probe.runQueueWaitNanos();
    }

    void cpuEnd() {
        cpuEnd = probe.cpu().total();
        waitEnd = probe.runQueueWaitNanos();
    }

    double cpuSeconds() {
        return (cpuEnd - cpuStart) / (double) ticksPerSecond;
    }

    ServerSection memorySection(MemorySample baseline, MemorySample loaded, int connections) {
        Long rss = connections == 0 ? null : (loaded.rssBytes() - baseline.rssBytes()) / connections;
        Long heap = connections == 0 ? null : (loaded.heapUsedBytes() - baseline.heapUsedBytes()) / connections;
        return new ServerSection(probe.pid(), ticksPerSecond, baseline, loaded, rss, heap, null, null, null, null);
    }

    ServerSection cpuSection(long deliveries) {
        return cpuSection(deliveries, 0);
    }

    /** CPU over the measured phase, per delivery and per accepted API call (null where there were none). */
    ServerSection cpuSection(long deliveries, long apiCalls) {
        double seconds = cpuSeconds();
        double waited = Math.round((waitEnd - waitStart) / 1e7) / 100.0;
        return new ServerSection(probe.pid(), ticksPerSecond, null, null, null, null, seconds, microsPer(seconds, deliveries),
                microsPer(seconds, apiCalls), waited);
    }

    private static Double microsPer(double seconds, long count) {
        return count == 0 ? null : Math.round(seconds * 1e6 / count * 1000) / 1000.0;
    }
}
