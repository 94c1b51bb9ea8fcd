package io.herald.bench.scenario;

import io.herald.bench.report.Progress;
import io.herald.bench.report.TimelineRecorder;
import io.herald.bench.server.ProcFiles;
import io.herald.bench.swarm.ForkedSwarmPart;
import io.herald.bench.swarm.LocalSwarmPart;
import io.herald.bench.swarm.SwarmPart;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmSpec;
import io.herald.bench.swarm.SwarmStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.HdrHistogram.Histogram;

/**
 * All the subscribers of a run: in this process when {@code processes} is 1, otherwise split
 * evenly over that many forked worker processes.
 */
public final class Swarms implements AutoCloseable {

    private static final Duration REPORT_TIMEOUT = Duration.ofSeconds(30);

    private final List<SwarmPart> parts = new ArrayList<>();
    private final boolean forked;
    private TimelineRecorder timeline;
    private ToLongFunction<SwarmStatus> throughput;
    private LongSupplier published;

    public Swarms(SwarmSpec spec, int processes, List<String> workerJvmOptions) {
        this.forked = processes > 1;
        if (processes == 1) {
            parts.add(new LocalSwarmPart(spec));
        } else {
            for (int i = 0; i < processes; i++) {
                parts.add(new ForkedSwarmPart(spec.part(i, processes), workerJvmOptions));
            }
        }
    }

    /**
     * From now on, every progress line also closes an interval of {@code recorder}: its throughput is
     * {@code throughput} of the status, its published count {@code published}.
     */
    public void recordTimeline(TimelineRecorder recorder, ToLongFunction<SwarmStatus> throughput, LongSupplier published) {
        this.timeline = recorder;
        this.throughput = throughput;
        this.published = published;
    }

    /** Closes a timeline interval now, outside {@link #watch} (such as at the end of a drain). */
    public void recordTimelineNow(String phase) {
        if (timeline != null) {
            SwarmStatus status = status();
            timeline.record(phase, throughput.applyAsLong(status), published.getAsLong(), status.subscribed(), takeLatencyInterval());
        }
    }

    /** The latencies every part recorded since the previous call. */
    public Histogram takeLatencyInterval() {
        Histogram merged = SwarmReport.emptyHistogram();
        parts.forEach(part -> merged.add(part.takeLatencyInterval()));
        return merged;
    }

    public void start() {
        parts.forEach(SwarmPart::start);
    }

    public SwarmStatus status() {
        return SwarmStatus.sum(parts.stream().map(SwarmPart::status).toList());
    }

    /** CPU ticks used so far by the client: this process and, when forked, every worker. */
    public long clientCpuTicks() {
        return status().cpuTicks() + (forked ? ProcFiles.ownCpuTicks() : 0);
    }

    /**
     * Prints a progress line every second until {@code done} holds, {@code length} has passed or
     * the deadline has; answers the last status seen.
     */
    public SwarmStatus watch(Progress progress, String phase, Duration length, Deadline deadline,
            Predicate<SwarmStatus> done) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        SwarmStatus status = status();
        while (!done.test(status) && System.nanoTime() < end && !deadline.passed()) {
            long left = Math.min(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
            status = status();
            progress.line(phase, status);
            if (timeline != null) {
                timeline.record(phase, throughput.applyAsLong(status), published.getAsLong(), status.subscribed(),
                        takeLatencyInterval());
            }
        }
        return status;
    }

    /** Closes every connection and merges the reports of all parts. */
    public SwarmReport stop() {
        List<SwarmReport> reports = new ArrayList<>();
        for (SwarmPart part : parts) {
            reports.add(part.stop(REPORT_TIMEOUT));
        }
        return SwarmReport.merge(reports);
    }

    @Override
    public void close() {
        parts.forEach(SwarmPart::close);
    }
}
