package io.herald.bench.scenario;

import io.herald.bench.client.BenchClock;
import io.herald.bench.report.BenchResult;
import io.herald.bench.report.BenchResult.WebhooksSection;
import io.herald.bench.report.LatencySummary;
import io.herald.bench.report.Progress;
import io.herald.bench.report.Progress.WebhookRates;
import io.herald.bench.server.ProcFiles;
import io.herald.bench.swarm.ClientEventSource;
import io.herald.bench.webhook.WebhookReceiver;
import io.herald.bench.webhook.WebhookTally;
import io.herald.bench.webhook.WebhookTally.Snapshot;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Webhook delivery: a node whose app sends {@code client_event} webhooks to a receiver in this
 * process, and a few connections sending client events at a fixed rate. Measures events and jobs
 * delivered per second, loss, duplicates and the lag from sending an event to its webhook's
 * arrival.
 *
 * <p>Phases: start the receiver; connect and subscribe the client-event connections; send for the
 * warm-up (events marked warm-up, excluded from the figures); send for the measured duration;
 * stop sending and wait until every measured event arrived, or nothing arrived for
 * {@link #QUIET}, at most the drain time. Server (and separate sender) CPU and the bench's own CPU
 * are read at the start of the measured phase and at the end of the drain.
 */
public final class WebhooksScenario implements Scenario {

    /**
     * How long arrivals must stay still before the drain gives up on the missing events: longer
     * than the outbox's batch wait and the sender's idle poll (250 ms each) and the first retry (1 s).
     */
    static final Duration QUIET = Duration.ofSeconds(3);
    private static final double MIN_RATE_WINDOW_SECONDS = 1;
    private static final long LINE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /**
     * @param receiverHost where the receiver listens: the host of the app's webhook URL
     * @param receiverPort its port (0: any free one, for tests that configure the node afterwards)
     * @param serverPid the node to measure, or null
     * @param senderPid a separate {@code herald sender} process to measure, or null
     */
    public record Settings(ClientEventSource.Settings source, String receiverHost, int receiverPort, int receiverThreads,
            Duration warmup, Duration duration, Duration drain, Long serverPid, Long senderPid,
            Map<String, Object> parameters, Duration deadline) {}

    private final Settings settings;
    private final Progress progress;
    private final WebhookTally tally = new WebhookTally();
    private Snapshot previous;
    private long previousSent;
    private long previousNanos;
    private double peakEventsPerSecond;
    private double peakJobsPerSecond;

    public WebhooksScenario(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
    }

    @Override
    public String name() {
        return "webhooks";
    }

    @Override
    public BenchResult run() throws InterruptedException {
        RunStart run = new RunStart(name(), 1, settings.parameters(), settings.deadline(), settings.serverPid());
        Deadline deadline = run.deadline();
        ServerMeasure server = ServerMeasure.of(settings.serverPid(), progress);
        ServerMeasure sender = ServerMeasure.of(settings.senderPid(), progress);
        try (WebhookReceiver receiver = WebhookReceiver.start(settings.receiverHost(), settings.receiverPort(),
                        settings.receiverThreads(), tally);
                ClientEventSource source = new ClientEventSource(settings.source())) {
            progress.note("webhook receiver listening on http://" + settings.receiverHost() + ":" + receiver.port() + "/");
            source.connect();
            int ready = source.awaitSetup(Duration.ofMillis(settings.source().setupTimeoutMillis()).plusSeconds(1));
            if (ready == 0) {
                throw new IllegalStateException("no client-event connection could subscribe to its private channel: "
                        + source.report().failures());
            }
            progress.note(ready + " of " + settings.source().connections() + " connections subscribed; sending "
                    + settings.source().eventsPerSecond() + " client events/s");
            startInterval(source);
            source.startSending();
            watch("warmup", settings.warmup(), source, deadline, () -> false, false);
            if (tally.snapshot().jobs() == 0) {
                progress.note("no webhook arrived during the warm-up: does the app's webhook URL point at this receiver, "
                        + "with client_event among its event-types?");
            }
            source.startMeasuring();
            cpuStart(server, sender);
            long clientTicksStart = ProcFiles.ownCpuTicks();
            long measureStartNanos = System.nanoTime();
            long measureStartMicros = BenchClock.nowMicros();
            Snapshot windowStart = tally.snapshot();
            watch("measure", settings.duration(), source, deadline, () -> false, true);
            source.stopSending();
            double measuredSeconds = (System.nanoTime() - measureStartNanos) / 1e9;
            long sendEndMicros = BenchClock.nowMicros();
            Snapshot windowEnd = tally.snapshot();
            long sent = source.sentMeasured();
            if (!drain(source, deadline, sent)) {
                progress.note((sent - tally.snapshot().measuredEvents()) + " measured events had not arrived when the drain ended");
            }
            cpuEnd(server, sender);
            long clientTicks = ProcFiles.ownCpuTicks() - clientTicksStart;
            Snapshot end = tally.snapshot();
            double deliverySeconds = Math.max(measuredSeconds,
                    (end.lastMeasuredArrivalMicros() - measureStartMicros) / 1e6);
            double drainSeconds = Math.max(0, (end.lastArrivalMicros() - sendEndMicros) / 1e6);
            WebhooksSection webhooks = section(source, receiver, new Window(windowStart, windowEnd, measuredSeconds),
                    new Window(windowEnd, end, drainSeconds), end, measuredSeconds, deliverySeconds);
            long delivered = end.measuredEvents();
            return run.result(Results.connections(source.report()), server == null ? null : server.cpuSection(delivered),
                    sender == null ? null : sender.cpuSection(delivered), Results.clientCpu(clientTicks, delivered), null, webhooks);
        }
    }

    private static void cpuStart(ServerMeasure... measures) {
        for (ServerMeasure measure : measures) {
            if (measure != null) {
                measure.cpuStart();
            }
        }
    }

    private static void cpuEnd(ServerMeasure... measures) {
        for (ServerMeasure measure : measures) {
            if (measure != null) {
                measure.cpuEnd();
            }
        }
    }

    /**
     * Waits until every measured event arrived, or no request arrived for {@link #QUIET}, at most
     * the drain time; answers whether every measured event arrived.
     */
    private boolean drain(ClientEventSource source, Deadline deadline, long sent) throws InterruptedException {
        long[] lastRequests = {requests(tally.snapshot())};
        long[] lastChange = {System.nanoTime()};
        BooleanSupplier done = () -> {
            Snapshot now = tally.snapshot();
            if (requests(now) != lastRequests[0]) {
                lastRequests[0] = requests(now);
                lastChange[0] = System.nanoTime();
            }
            return now.measuredEvents() >= sent || System.nanoTime() - lastChange[0] >= QUIET.toNanos();
        };
        watch("drain", settings.drain(), source, deadline, done, true);
        return tally.snapshot().measuredEvents() >= sent;
    }

    private static long requests(Snapshot snapshot) {
        return snapshot.jobs() + snapshot.duplicateJobs();
    }

    /**
     * Prints a progress line about every second until {@code done} holds, {@code length} has passed
     * or the deadline has; {@code counted} intervals take part in the peak rates.
     */
    private void watch(String phase, Duration length, ClientEventSource source, Deadline deadline, BooleanSupplier done,
            boolean counted) throws InterruptedException {
        long end = System.nanoTime() + length.toNanos();
        long nextLine = System.nanoTime() + LINE_NANOS;
        boolean finished = false;
        while (!finished) {
            long now = System.nanoTime();
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(Math.min(end, nextLine) - now, POLL_NANOS)));
            now = System.nanoTime();
            finished = done.getAsBoolean() || now >= end || deadline.passed();
            if (finished || now >= nextLine) {
                progress.webhooks(phase, interval(source, counted));
                nextLine = now + LINE_NANOS;
            }
        }
    }

    private void startInterval(ClientEventSource source) {
        previous = tally.snapshot();
        previousSent = source.sent();
        previousNanos = System.nanoTime();
    }

    private WebhookRates interval(ClientEventSource source, boolean counted) {
        Snapshot now = tally.snapshot();
        long sent = source.sent();
        long nanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nanos - previousNanos) / 1e9);
        double events = (now.events() - previous.events()) / seconds;
        double jobs = (now.jobs() - previous.jobs()) / seconds;
        if (counted && seconds >= 0.5) {
            peakEventsPerSecond = Math.max(peakEventsPerSecond, events);
            peakJobsPerSecond = Math.max(peakJobsPerSecond, jobs);
        }
        WebhookRates rates = new WebhookRates((sent - previousSent) / seconds, events, jobs,
                Math.max(0, sent - now.measuredEvents() - now.warmupEvents()), now.duplicateJobs(), now.duplicateEvents(),
                source.rejected(), tally.lagP99Micros());
        previous = now;
        previousSent = sent;
        previousNanos = nanos;
        return rates;
    }

    private WebhooksSection section(ClientEventSource source, WebhookReceiver receiver, Window sending, Window draining,
            Snapshot end, double measuredSeconds, double deliverySeconds) {
        long sent = source.sentMeasured();
        long received = end.measuredEvents();
        long lost = Math.max(0, sent - received);
        long jobs = end.measuredJobs();
        return new WebhooksSection(Results.round(measuredSeconds, 3), Results.round(deliverySeconds, 3),
                settings.source().eventsPerSecond(), sent, source.skippedMeasured(), source.rejected(), source.rejections(),
                received, lost, sent == 0 ? 0 : lost / (double) sent, jobs, jobs == 0 ? 0 : Results.round(received / (double) jobs, 2),
                Results.round(received / deliverySeconds, 1), Results.round(jobs / deliverySeconds, 1),
                sending.eventsPerSecond(), sending.jobsPerSecond(), Results.round(draining.seconds(), 3),
                draining.eventsPerSecond(), draining.jobsPerSecond(),
                Results.round(peakEventsPerSecond, 1), Results.round(peakJobsPerSecond, 1), end.duplicateJobs(),
                end.duplicateEvents(), end.jobsWithoutId(), end.otherEvents(), receiver.refused(),
                LatencySummary.of(tally.lag()), LatencySummary.of(tally.jobLag()));
    }

    /**
     * Arrivals of any phase between two snapshots, over {@code seconds}; no rate for a window
     * shorter than {@link #MIN_RATE_WINDOW_SECONDS}, where one batch more or less would decide it.
     */
    private record Window(Snapshot from, Snapshot to, double seconds) {

        double eventsPerSecond() {
            return seconds < MIN_RATE_WINDOW_SECONDS ? 0 : Results.round((to.events() - from.events()) / seconds, 1);
        }

        double jobsPerSecond() {
            return seconds < MIN_RATE_WINDOW_SECONDS ? 0 : Results.round((to.jobs() - from.jobs()) / seconds, 1);
        }
    }

}
