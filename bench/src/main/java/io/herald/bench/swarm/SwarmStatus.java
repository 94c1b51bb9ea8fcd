package io.herald.bench.swarm;

import java.util.List;

/**
 * A moment's view of one or more swarms: connection counts, deliveries so far, the p99 latency
 * so far (for several processes, the largest of their p99s: good enough for a progress line) and
 * the CPU clock ticks the client processes have used since they started.
 */
public record SwarmStatus(
        int target,
        int started,
        int pending,
        int subscribed,
        int failed,
        int dropped,
        long measuredDeliveries,
        long warmupDeliveries,
        long p99Micros,
        long cpuTicks) {

    /** Every connection has been started and has either subscribed or failed. */
    public boolean setupDone() {
        return started >= target && pending == 0;
    }

    public long deliveries() {
        return measuredDeliveries + warmupDeliveries;
    }

    public SwarmStatus withP99Micros(long p99) {
        return new SwarmStatus(target, started, pending, subscribed, failed, dropped, measuredDeliveries, warmupDeliveries,
                p99, cpuTicks);
    }

    public static SwarmStatus sum(List<SwarmStatus> parts) {
        SwarmStatus total = new SwarmStatus(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        for (SwarmStatus p : parts) {
            total = new SwarmStatus(total.target + p.target, total.started + p.started, total.pending + p.pending,
                    total.subscribed + p.subscribed, total.failed + p.failed, total.dropped + p.dropped,
                    total.measuredDeliveries + p.measuredDeliveries, total.warmupDeliveries + p.warmupDeliveries,
                    Math.max(total.p99Micros, p.p99Micros), total.cpuTicks + p.cpuTicks);
        }
        return total;
    }
}
