package io.herald.bench.scenario;

import io.herald.bench.publish.PublishStats;
import io.herald.bench.publish.Publisher;
import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.ClientCpu;
import io.herald.bench.report.BenchResult.FanoutSection;
import io.herald.bench.report.LatencySummary;
import io.herald.bench.report.Progress;
import io.herald.bench.report.TimelineRecorder;
import io.herald.bench.server.ServerProbe;
import io.herald.bench.swarm.SwarmReport;
import io.herald.bench.swarm.SwarmStatus;
import java.time.Duration;

/**
 * Subscribers on a few channels, one publisher on the HTTP API at a fixed rate: deliveries per
 * second, loss, end-to-end latency and, given the server's pid, server CPU per delivery.
 *
 * <p>Phases: connect every subscriber; publish for the warm-up (events marked warm-up, excluded
 * from every figure); publish for the measured duration; stop publishing and wait until
 * deliveries stop arriving (at most the drain time). Server CPU is read at the start of the
 * measured phase and at the end of the drain, and so is the client's own CPU. Latency runs from the
 * publish's scheduled time (not its actual send, so a late publish counts) to the subscriber's
 * reading when its event loop decodes the frame, both on {@link io.herald.bench.client.BenchClock},
 * which forked processes share. Loss is counted per subscriber by its channel's sequence numbers.
 */
public final class FanoutScenario implements Scenario {

    /** How long deliveries must stay still before the drain is over. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private final RunSettings settings;
    private final Publisher.Settings publishing;
    private final Duration warmup;
    private final Duration duration;
    private final Duration drain;
    private final Progress progress;

    public FanoutScenario(RunSettings settings, Publisher.Settings publishing, Duration warmup, Duration duration,
            Duration drain, Progress progress) {
        this.settings = settings;
        this.publishing = publishing;
        this.warmup = warmup;
        this.duration = duration;
        this.drain = drain;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public BenchResult run() throws InterruptedException {
        RunStart run = new RunStart(name(), settings);
        Deadline deadline = run.deadline();
        ServerMeasure server = ServerMeasure.of(settings.serverPid(), progress);
        TimelineRecorder timeline = new TimelineRecorder("deliveries/s", "publish to delivery", run.startNanos());
        try (Swarms swarms = new Swarms(settings.swarm(), settings.processes(), settings.workerJvmOptions());
                Publisher publisher = new Publisher(publishing)) {
            swarms.recordTimeline(timeline, SwarmStatus::deliveries, publisher::eventsAcceptedSoFar);
            swarms.start();
            SwarmStatus setup = swarms.watch(progress, "connect", settings.deadline(), deadline, SwarmStatus::setupDone);
            if (setup.subscribed() == 0) {
                progress.note("no subscriber could subscribe; publishing anyway to report the failure");
            }
            publisher.start();
            swarms.watch(progress, "warmup", warmup, deadline, status -> false);
            publisher.startMeasuring();
            if (server != null) {
                server.cpuStart();
            }
            long clientTicksStart = swarms.clientCpuTicks();
            long measureStart = System.nanoTime();
            swarms.watch(progress, "measure", duration, deadline, status -> false);
            double measuredSeconds = (System.nanoTime() - measureStart) / 1e9;
            publisher.stop(publishing.requestTimeout());
            long lastDelivery = awaitQuiet(swarms, deadline);
            swarms.recordTimelineNow("drain");
            double deliverySeconds = Math.max(measuredSeconds, (lastDelivery - measureStart) / 1e9);
            if (server != null) {
                server.cpuEnd();
            }
            long clientTicks = swarms.clientCpuTicks() - clientTicksStart;
            SwarmReport report = swarms.stop();
            FanoutSection fanout = fanout(report, publisher.measured(), measuredSeconds, deliverySeconds);
            ClientCpu client = Results.clientCpu(clientTicks, report.status().measuredDeliveries());
            return run.result(Results.connections(report),
                    server == null ? null : server.cpuSection(report.status().measuredDeliveries(),
                    publisher.measured().acceptedRequests()), client, fanout, null,
                    report.latency(), timeline.timeline());
        }
    }

    /**
     * Waits until no measured delivery arrived for {@link #QUIET}, at most the drain time; answers
     * when (System.nanoTime) the count last grew.
     */
    private long awaitQuiet(Swarms swarms, Deadline deadline) throws InterruptedException {
        long drainEnd = System.nanoTime() + drain.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        long lastSample = System.nanoTime();
        while (System.nanoTime() < drainEnd && !deadline.passed()) {
            if (System.nanoTime() - lastSample >= 1_000_000_000L) {
                swarms.recordTimelineNow("drain");
                lastSample = System.nanoTime();
            }
            long received = swarms.status().measuredDeliveries();
            if (received != last) {
                last = received;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange >= QUIET.toNanos()) {
                return lastChange;
            }
            Thread.sleep(100);
        }
        progress.note("deliveries still arriving after the " + drain.toSeconds() + " s drain; counting what arrived");
        return lastChange;
    }


    private FanoutSection fanout(SwarmReport report, PublishStats published, double measuredSeconds, double deliverySeconds) {
        int[] subscribers = report.subscribedPerChannel();
        long[] receivedOn = report.receivedPerChannel();
        long expected = 0;
        long lost = 0;
        for (int channel = 0; channel < subscribers.length; channel++) {
            long expectedOn = published.acceptedOn(channel) * subscribers[channel];
            expected += expectedOn;
            lost += Math.max(0, expectedOn - receivedOn[channel]);
        }
        long received = report.status().measuredDeliveries();
        double attempted = publishing.eventsPerSecond() * settings.swarm().connections() / (double) publishing.channels();
        return new FanoutSection(Results.round(measuredSeconds, 3), Results.round(deliverySeconds, 3), published.requests(),
                published.acceptedRequests(),
                published.skippedRequests(), published.failures(), published.firstRejection(), published.eventsAccepted(),
                Results.round(published.eventsAccepted() / measuredSeconds, 1),
                Results.round(attempted, 1), expected, received, lost, expected == 0 ? 0 : lost / (double) expected,
                Results.round(received / deliverySeconds, 1), report.duplicates(), report.gaps(), report.subscribersWithGaps(),
                report.outOfOrder(), LatencySummary.of(report.latency()), LatencySummary.of(published.responseMicros()),
                LatencySummary.of(published.lateMicros()));
    }
}
