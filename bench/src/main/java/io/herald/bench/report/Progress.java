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
}
