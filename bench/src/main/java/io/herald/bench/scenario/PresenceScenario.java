package io.herald.bench.scenario;

import io.herald.bench.presence.PresenceCounters;
import io.herald.bench.presence.PresenceCrowd;
import io.herald.bench.presence.PresenceSpec;
import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.ConnectionsSection;
import io.herald.bench.report.BenchResult.PresenceSection;
import io.herald.bench.report.LatencySummary;
import io.herald.bench.report.Progress;
import io.herald.bench.report.TimelineRecorder;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Members joining and leaving presence channels while observers watch: how long
 * {@code member_added} and {@code member_removed} take to reach the observers, and whether any
 * is lost.
 *
 * <p>Phases: connect the observers (each subscribes to its channel) and the members; act for the
 * warm-up (excluded from the figures); act for the measured duration; stop and wait until no
 * event arrived for a second (at most the drain). Acting means: at {@code rate} actions a second,
 * members are taken in turn and each one joins its channel when it is out and leaves when it is
 * in, so with M members each stays in for M / rate seconds. Every action's time is fixed in
 * advance by the rate, and its latencies run from that time (see {@link PresenceCounters}): an
 * action sent late, by a late generator or after its member's previous join was answered late,
 * counts its lateness. Actions are never dropped to keep the schedule; only a member that is not
 * connected skips its action.
 */
public final class PresenceScenario implements Scenario {

    private static final Duration QUIET = Duration.ofSeconds(1);
    private static final long TICK_MICROS = 1_000;

    private final RunSettings settings;
    private final PresenceSpec spec;
    private final double actionsPerSecond;
    private final Duration warmup;
    private final Duration duration;
    private final Duration drain;
    private final Progress progress;

    public PresenceScenario(RunSettings settings, PresenceSpec spec, double actionsPerSecond, Duration warmup, Duration duration,
            Duration drain, Progress progress) {
        this.settings = settings;
        this.spec = spec;
        this.actionsPerSecond = actionsPerSecond;
        this.warmup = warmup;
        this.duration = duration;
        this.drain = drain;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "presence";
    }

    @Override
    public BenchResult run() throws InterruptedException {
        RunStart run = new RunStart(name(), settings);
        Deadline deadline = run.deadline();
        ServerMeasure server = ServerMeasure.of(settings.serverPid(), progress);
        TimelineRecorder timeline = new TimelineRecorder("member events/s", "join or leave to observer", run.startNanos());
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "bench-presence-actions");
            thread.setDaemon(true);
            return thread;
        });
        try (PresenceCrowd crowd = new PresenceCrowd(spec)) {
            PresenceCounters counters = crowd.counters();
            crowd.start();
            watch("connect", settings.deadline(), deadline, crowd, timeline, crowd::setupDone);
            progress.note(counters.observersSubscribed() + " observers subscribed, " + counters.membersReady() + " members ready, "
                    + counters.failedCount() + " failed");
            long actionsStart = System.nanoTime();
            long measureStart = actionsStart + warmup.toNanos();
            long actionsTotal = (long) Math.ceil((warmup.toNanos() + duration.toNanos()) / 1e9 * actionsPerSecond);
            counters.measureFrom(measureStart);
            long[] actionsDue = {0};
            ticker.scheduleAtFixedRate(() -> {
                long due = Math.min(actionsTotal, (long) Math.floor((System.nanoTime() - actionsStart) / 1e9 * actionsPerSecond) + 1);
                while (actionsDue[0] < due) {
                    long action = actionsDue[0]++;
                    crowd.toggle((int) (action % spec.members()), actionsStart + (long) (action * 1e9 / actionsPerSecond));
                }
            }, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
            watch("warmup", Duration.ofNanos(measureStart - System.nanoTime()), deadline, crowd, timeline, () -> false);
            if (server != null) {
                server.cpuStart();
            }
            watch("measure", Duration.ofNanos(measureStart + duration.toNanos() - System.nanoTime()), deadline, crowd, timeline,
                    () -> false);
            double measuredSeconds = (System.nanoTime() - measureStart) / 1e9;
            ticker.shutdown();
            ticker.awaitTermination(5, TimeUnit.SECONDS);
            long lastEvent = awaitQuiet(counters, deadline, crowd, timeline);
            double deliverySeconds = Math.max(measuredSeconds, (lastEvent - measureStart) / 1e9);
            if (server != null) {
                server.cpuEnd();
            }
            Histogram added = counters.addedLatency();
            Histogram removed = counters.removedLatency();
            Histogram both = PresenceCounters.emptyHistogram();
            both.add(added);
            both.add(removed);
            ConnectionsSection connections = connections(counters);
            PresenceSection presence = presence(counters, measuredSeconds, deliverySeconds, both, added, removed);
            crowd.stop();
            return run.result(connections, server == null ? null : server.cpuSection(presence.memberAddedReceived()
                    + presence.memberRemovedReceived()), null, null, presence, both, timeline.timeline());
        } finally {
            ticker.shutdownNow();
        }
    }

    private void watch(String phase, Duration length, Deadline deadline, PresenceCrowd crowd, TimelineRecorder timeline,
            java.util.function.BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < end && !deadline.passed()) {
            long left = Math.min(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
            TimeUnit.NANOSECONDS.sleep(Math.max(0, left));
            sample(phase, crowd, timeline);
        }
    }

    private void sample(String phase, PresenceCrowd crowd, TimelineRecorder timeline) {
        PresenceCounters counters = crowd.counters();
        Histogram interval = counters.takeLatencyInterval();
        timeline.record(phase, counters.eventsReceived(), 0, counters.ready(), interval);
        var last = timeline.timeline().samples();
        double perSecond = last.isEmpty() ? 0 : last.get(last.size() - 1).perSecond();
        progress.note(String.format(Locale.ROOT,
                "%-8s ready %,d/%,d (setting up %,d)  failed %,d  dropped %,d | joined %,d | %,.0f member events/s | p99 %s",
                phase, counters.ready(), spec.connections(), counters.pending(), counters.failedCount(), counters.droppedCount(),
                counters.joinedNow(), perSecond, interval.getTotalCount() == 0 ? "-"
                        : String.format(Locale.ROOT, "%.2f ms", interval.getValueAtPercentile(99) / 1000.0)));
    }

    /** Waits until every expected event arrived, or none arrived for {@link #QUIET}, at most the drain; answers when the count last grew. */
    private long awaitQuiet(PresenceCounters counters, Deadline deadline, PresenceCrowd crowd, TimelineRecorder timeline)
            throws InterruptedException {
        long drainEnd = System.nanoTime() + drain.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        long lastSample = System.nanoTime();
        while (System.nanoTime() < drainEnd && !deadline.passed()) {
            long received = counters.measuredEventsReceived();
            if (received != last) {
                last = received;
                lastChange = System.nanoTime();
            } else if (received >= counters.expectedEvents() || System.nanoTime() - lastChange >= QUIET.toNanos()) {
                sample("drain", crowd, timeline);
                return lastChange;
            }
            if (System.nanoTime() - lastSample >= TimeUnit.SECONDS.toNanos(1)) {
                sample("drain", crowd, timeline);
                lastSample = System.nanoTime();
            }
            Thread.sleep(50);
        }
        progress.note("member events still arriving after the " + drain.toSeconds() + " s drain; counting what arrived");
        sample("drain", crowd, timeline);
        return lastChange;
    }

    private ConnectionsSection connections(PresenceCounters counters) {
        double seconds = counters.connectSeconds();
        return new ConnectionsSection(spec.connections(), counters.ready(), counters.failedCount(), counters.failures(),
                counters.droppedCount(), counters.drops(), Results.round(seconds, 3),
                seconds > 0 ? Results.round(counters.ready() / seconds, 1) : 0);
    }

    private PresenceSection presence(PresenceCounters counters, double measuredSeconds, double deliverySeconds, Histogram both,
            Histogram added, Histogram removed) {
        long expected = counters.expectedEvents();
        long received = counters.addedReceived() + counters.removedReceived();
        long lost = Math.max(0, expected - received);
        return new PresenceSection(Results.round(measuredSeconds, 3), Results.round(deliverySeconds, 3), spec.channels(),
                counters.observersSubscribed(), counters.membersReady(), actionsPerSecond, counters.joinsSent(),
                counters.joinsAccepted(), counters.joinFailures(), counters.leavesSent(), counters.skipped(), expected,
                counters.addedReceived(), counters.removedReceived(), lost, expected == 0 ? 0 : lost / (double) expected,
                Results.round(received / deliverySeconds, 1), LatencySummary.of(both), LatencySummary.of(added),
                LatencySummary.of(removed), LatencySummary.of(counters.joinAckLatency()));
    }
}
