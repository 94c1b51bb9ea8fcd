package io.herald.bench.report;

import io.herald.bench.swarm.SwarmStatus;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The live progress line, printed on stderr about once a second: phase, connections, deliveries
 * per second since the previous line and the p99 latency so far.
 */
public final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long lastDeliveries;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void line(String phase, SwarmStatus status) {
        long now = System.nanoTime();
        double interval = (now - lastNanos) / 1e9;
        long deliveries = status.deliveries();
        double rate = interval > 0 ? (deliveries - lastDeliveries) / interval : 0;
        lastNanos = now;
        lastDeliveries = deliveries;
        out.println(String.format(Locale.ROOT,
                "[%6.1fs] %-8s subscribed %,d/%,d (setting up %,d)  failed %,d  dropped %,d | %,.0f deliveries/s | p99 %s",
                (now - startNanos) / 1e9, phase, status.subscribed(), status.target(), status.pending(), status.failed(),
                status.dropped(),
                rate, status.p99Micros() == 0 ? "-" : String.format(Locale.ROOT, "%.2f ms", status.p99Micros() / 1000.0)));
        out.flush();
    }

    public void note(String message) {
        out.println(String.format(Locale.ROOT, "[%6.1fs] %s", (System.nanoTime() - startNanos) / 1e9, message));
        out.flush();
    }

    /**
     * The webhooks scenario's line: client events sent, events and jobs that arrived per second
     * over the last interval, events sent but not arrived yet, duplicates, refused client events
     * and the p99 lag so far.
     */
    public void webhooks(String phase, WebhookRates rates) {
        out.println(String.format(Locale.ROOT,
                "[%6.1fs] %-8s sent %,.0f ev/s | received %,.0f ev/s in %,.0f jobs/s | not arrived %,d | dup jobs %,d events %,d"
                        + " | rejected %,d | lag p99 %s",
                (System.nanoTime() - startNanos) / 1e9, phase, rates.sentPerSecond(), rates.eventsPerSecond(),
                rates.jobsPerSecond(), rates.notArrived(), rates.duplicateJobs(), rates.duplicateEvents(), rates.rejected(),
                rates.lagP99Micros() == 0 ? "-" : String.format(Locale.ROOT, "%.1f ms", rates.lagP99Micros() / 1000.0)));
        out.flush();
    }

    /** What one webhooks progress line shows; rates are over the interval since the previous line. */
    public record WebhookRates(double sentPerSecond, double eventsPerSecond, double jobsPerSecond, long notArrived,
            long duplicateJobs, long duplicateEvents, long rejected, long lagP99Micros) {}
}
