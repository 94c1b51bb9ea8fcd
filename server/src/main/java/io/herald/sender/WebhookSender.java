package io.herald.sender;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.app.WebhookEndpoint;
import io.herald.config.WebhooksConfig;
import io.herald.debug.DebugTap;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhook jobs from a {@link WebhookQueue}: stateless, so any number of senders in any
 * number of processes compete for the same queue.
 *
 * <p>First attempts and retries have their own worker pools (about 3/4 and 1/4 of
 * {@code concurrency}), so a storm of retries never starves fresh webhooks. Each attempt signs
 * the job's body with the app's current secret and POSTs it ({@link WebhookRequests}); any 2xx
 * completes the job. A failure is retried on the backoff schedule with jitter until the retry
 * window (counted from the job's creation) is over, then the job goes to the dead letters with
 * its last error.
 *
 * <p>One slow or failing endpoint cannot hold the others up: it can occupy at most
 * {@code perEndpointConcurrency} workers; a job for an endpoint at that cap waits at most
 * {@link #SLOT_WAIT_MILLIS} for a slot and is otherwise put back with a short delay; after
 * {@code breakerFailures} failures in a row the endpoint's breaker opens and its jobs are put back
 * ({@link WebhookQueue#defer}, no attempt counted) until a probe request gets through
 * ({@link CircuitBreaker}).
 *
 * <p>No job dies without a request: only a failed request, an app that no longer exists or a
 * request that cannot be built sends a job to the dead letters. A job whose window ends while its
 * endpoint's breaker is open is sent at the end of its window anyway (a request the breaker
 * would have refused), and dies only if that request fails.
 *
 * <p>With a queue that cannot cancel a debounced job (NATS), a {@link DebounceCheck} drops, when
 * it is due, a debounced end whose channel, member or user is present again, without a request.
 *
 * <p>{@link #close()} stops leasing, lets requests in flight finish (they are bounded by the
 * timeout), then cancels whatever is left and returns every unfinished job to the queue with
 * {@code defer(job, 0)}: none is lost, and none waits for its lease to lapse.
 */
public final class WebhookSender implements AutoCloseable {

    static final long SLOT_WAIT_MILLIS = 50;
    static final long ENDPOINT_BUSY_DELAY_MILLIS = 250;
    private static final long CLOSE_GRACE_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final WebhookQueue queue;
    private final AppRegistry apps;
    private final WebhooksConfig.Sender settings;
    private final SenderMetrics metrics;
    private final RetrySchedule schedule;
    private final HttpDelivery http;
    private final EndpointStates endpointStates;
    private final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
    private final List<LaneWorkers> lanes;
    private final QueueStatsPoller statsPoller;
    private final DebounceCheck debounceCheck;
    private volatile boolean closing;
    private boolean closed;

    private volatile DebugTap debug = DebugTap.NONE;

    private WebhookSender(WebhookQueue queue, AppRegistry apps, WebhooksConfig.Sender settings, SenderMetrics metrics,
            DebounceCheck debounceCheck) {
        this.queue = queue;
        this.debounceCheck = debounceCheck;
        this.apps = apps;
        this.settings = settings;
        this.metrics = metrics;
        this.schedule = RetrySchedule.ofMillis(settings.retryDelays(), settings.jitter(), settings.retryWindow());
        this.http = new HttpDelivery(settings.timeout(), settings.blockPrivateNetworks(), settings.concurrency());
        this.endpointStates = new EndpointStates(settings.perEndpointConcurrency(), settings.breakerFailures(),
                settings.breakerProbeDelay(), settings.breakerProbeMaxDelay(), metrics);
        Duration lease = Duration.ofMillis(settings.lease());
        this.lanes = List.of(
                new LaneWorkers(queue, WebhookQueue.Lane.FIRST, firstLaneWorkers(settings.concurrency()), lease, this::deliver),
                new LaneWorkers(queue, WebhookQueue.Lane.RETRY, retryLaneWorkers(settings.concurrency()), lease, this::deliver));
        this.statsPoller = QueueStatsPoller.start(queue, metrics, QueueStatsPoller.DEFAULT_INTERVAL);
    }

    /** Three quarters of the workers take first attempts; at least one. */
    static int firstLaneWorkers(int concurrency) {
        return Math.max(1, concurrency * 3 / 4);
    }

    /** The rest take retries; at least one, so retries always move. */
    static int retryLaneWorkers(int concurrency) {
        return Math.max(1, concurrency - firstLaneWorkers(concurrency));
    }

    /** Starts delivering jobs from {@code queue} until closed. The queue stays open after {@link #close()}. */
    public static WebhookSender start(WebhookQueue queue, AppRegistry apps, WebhooksConfig.Sender settings,
            SenderMetrics metrics) {
        return start(queue, apps, settings, metrics, DebounceCheck.NONE);
    }

    /**
     * The same, dropping the debounced ends that {@code debounceCheck} finds undone (for a queue
     * that cannot cancel them); the check is not closed with the sender.
     */
    public static WebhookSender start(WebhookQueue queue, AppRegistry apps, WebhooksConfig.Sender settings,
            SenderMetrics metrics, DebounceCheck debounceCheck) {
        if (settings.lease() <= settings.timeout() + SLOT_WAIT_MILLIS) {
            LOG.warn("The webhook lease ({} ms) is not longer than the request timeout ({} ms): jobs may be delivered twice",
                    settings.lease(), settings.timeout());
        }
        DeliverySettings.warnings(settings).forEach(warning -> LOG.warn("Webhook settings: {}", warning));
        WebhookSender sender = new WebhookSender(queue, apps, settings, metrics, debounceCheck);
        sender.lanes.forEach(LaneWorkers::start);
        return sender;
    }

    /** Tells idle workers to look at the queue now (for an in-process producer that just enqueued). */
    public void wake() {
        lanes.forEach(LaneWorkers::wake);
    }

    private void deliver(LeasedJob leased) {
        InFlight flight = new InFlight(leased);
        inFlight.add(flight);
        try {
            attempt(flight);
        } catch (WebhookQueueException e) {
            LOG.warn("Webhook queue failed while settling job {}; it will be delivered again when its lease ends: {}",
                    leased.job().id(), e.getMessage());
        } catch (InterruptedException e) {
            putBack(flight);
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Unexpected failure delivering webhook job {}; it will be delivered again when its lease ends",
                    leased.job().id(), e);
        } finally {
            inFlight.remove(flight);
        }
    }

    private void attempt(InFlight flight) throws InterruptedException {
        if (closing) {
            putBack(flight);
            return;
        }
        WebhookJob job = flight.leased().job();
        // A sender thread may wait for the store.
        AppConfig app = apps.byId(job.appId()).join().orElse(null);
        if (app == null) {
            giveUp(flight, job.appId(), "unknown_app", "app " + job.appId() + " no longer exists");
            return;
        }
        if (debounceCheck.undone(flight.leased())) {
            // The channel, member or user came back and the queue could not cancel this end: as if it had.
            if (flight.settle(() -> queue.complete(flight.leased()))) {
                metrics.droppedAsUndone(app.id());
            }
            return;
        }
        Request request;
        try {
            request = WebhookRequests.build(job, app, endpointOf(app, job.endpointUrl()), System.currentTimeMillis());
        } catch (IllegalArgumentException e) {
            giveUp(flight, app.id(), "bad_request", "cannot build the request: " + e.getMessage());
            return;
        }
        EndpointStates.EndpointState endpoint = endpointStates.of(job.endpointUrl());
        long now = System.currentTimeMillis();
        CircuitBreaker.Admission admission = endpoint.breaker().admit(now);
        if (!admission.allowed() && !windowOver(job, now)) {
            // Back when the breaker will probe, but never later than the end of the job's window,
            // when it is sent whatever the breaker says: no job dies without a request.
            defer(flight, Math.min(admission.waitMillis(), windowEnd(job) - now), "breaker_open");
            return;
        }
        if (!endpoint.tryTakeSlot(SLOT_WAIT_MILLIS)) {
            if (admission.allowed()) {
                endpoint.breaker().onAbandoned(admission.probe());
            }
            defer(flight, ENDPOINT_BUSY_DELAY_MILLIS + ThreadLocalRandom.current().nextLong(ENDPOINT_BUSY_DELAY_MILLIS),
                    "endpoint_busy");
            return;
        }
        Outcome outcome;
        long sentAt = System.nanoTime();
        try {
            if (flight.leased().attempts() == 0) {
                metrics.firstAttempt(System.currentTimeMillis() - job.createdAtMillis());
            }
            outcome = http.send(request, flight::started);
        } finally {
            endpoint.releaseSlot();
        }
        if (debug.watched(app.id())) {
            tellConsole(app, flight.leased(), endpoint, outcome, (System.nanoTime() - sentAt) / 1_000_000);
        }
        settle(flight, app, endpoint, admission, outcome);
    }

    private void tellConsole(AppConfig app, LeasedJob leased, EndpointStates.EndpointState endpoint, Outcome outcome,
            long latencyMillis) {
        ObjectNode event = DebugTap.event(outcome.success() ? "webhook_sent" : "webhook_failed")
                .put("endpoint", endpoint.label()).put("attempt", leased.attempts() + 1)
                .put("status", outcome.status()).put("latency_ms", latencyMillis).put("body", leased.job().body());
        if (!outcome.success()) {
            event.put("error", outcome.error());
        }
        debug.emit(app.id(), event);
    }

    /** Debug events of deliveries go to {@code debug} from now on (the node's console; none for a sender alone). */
    public void tellConsoles(DebugTap debug) {
        this.debug = debug;
    }

    private long windowEnd(WebhookJob job) {
        return job.createdAtMillis() + schedule.window().toMillis();
    }

    private boolean windowOver(WebhookJob job, long nowMillis) {
        return nowMillis >= windowEnd(job);
    }

    /** The app's endpoint with this URL (its headers and secret), or null when the app no longer lists it. */
    private static WebhookEndpoint endpointOf(AppConfig app, String url) {
        for (WebhookEndpoint endpoint : app.webhooks()) {
            if (endpoint.url().equals(url)) {
                return endpoint;
            }
        }
        return null;
    }

    private void settle(InFlight flight, AppConfig app, EndpointStates.EndpointState endpoint,
            CircuitBreaker.Admission admission, Outcome outcome) {
        LeasedJob leased = flight.leased();
        boolean probe = admission.probe();
        if (flight.cancelled() && !outcome.success()) {
            endpoint.breaker().onAbandoned(probe);
            putBack(flight);
            return;
        }
        metrics.attempt(app.id(), outcome.outcomeClass());
        long now = System.currentTimeMillis();
        if (outcome.success()) {
            endpoint.breaker().onSuccess();
            if (flight.settle(() -> queue.complete(leased))) {
                metrics.delivered(now - leased.job().createdAtMillis());
            }
            return;
        }
        if (!outcome.countsAgainstEndpoint()) {
            endpoint.breaker().onAbandoned(probe);
            giveUp(flight, app.id(), "blocked", outcome.error());
            return;
        }
        endpoint.failed(outcome.error(), now, probe);
        Duration delay = schedule.next(leased.attempts() + 1, leased.job().createdAtMillis(), now,
                ThreadLocalRandom.current().nextDouble());
        if (delay == null) {
            giveUp(flight, app.id(), "window", outcome.error());
        } else {
            LOG.debug("Webhook {} to {} failed ({}), retrying in {} ms", leased.job().id(), endpoint.label(),
                    outcome.error(), delay.toMillis());
            flight.settle(() -> queue.retry(leased, delay, outcome.error()));
        }
    }

    /** Puts a job back without a request: its attempts and last error stay as they were. */
    private void defer(InFlight flight, long delayMillis, String reason) {
        metrics.deferred(reason);
        flight.settle(() -> queue.defer(flight.leased(), Duration.ofMillis(Math.max(0, delayMillis))));
    }

    private void giveUp(InFlight flight, String app, String reason, String error) {
        WebhookJob job = flight.leased().job();
        if (flight.settle(() -> queue.deadLetter(flight.leased(), error))) {
            metrics.deadLettered(app, reason);
            LOG.warn("Webhook {} of app {} to {} moved to the dead letters: {}", job.id(), app,
                    EndpointStates.redact(job.endpointUrl()), error);
        }
    }

    /** Returns a job this sender will not finish: ready again at once, as it was. */
    private void putBack(InFlight flight) {
        flight.settle(() -> queue.defer(flight.leased(), Duration.ZERO));
    }

    /**
     * Stops taking jobs and cancels the requests in flight; their jobs go back to the queue. Used
     * to cut a {@link #close} short; the sender takes no more jobs after it.
     */
    public void cancelInFlight() {
        closing = true;
        lanes.forEach(LaneWorkers::requestStop);
        inFlight.forEach(InFlight::cancel);
    }

    /** Stops within the request timeout plus {@value #CLOSE_GRACE_MILLIS} ms; see the class comment. */
    @Override
    public void close() {
        close(Duration.ofMillis(settings.timeout() + CLOSE_GRACE_MILLIS));
    }

    public synchronized void close(Duration bound) {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        statsPoller.close();
        try {
            long deadline = System.nanoTime() + bound.toNanos();
            for (LaneWorkers lane : lanes) {
                lane.stopLeasing(Duration.ofMillis(CLOSE_GRACE_MILLIS));
            }
            if (!awaitWorkers(deadline)) {
                inFlight.forEach(InFlight::cancel);
                awaitWorkers(System.nanoTime() + Duration.ofMillis(CLOSE_GRACE_MILLIS).toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            returnUnfinished();
            lanes.forEach(LaneWorkers::stopWorkers);
            http.close();
        }
    }

    private boolean awaitWorkers(long deadlineNanos) throws InterruptedException {
        boolean all = true;
        for (LaneWorkers lane : lanes) {
            all &= lane.awaitWorkers(deadlineNanos);
        }
        return all;
    }

    private void returnUnfinished() {
        for (InFlight flight : inFlight) {
            try {
                putBack(flight);
            } catch (RuntimeException e) {
                LOG.warn("Could not return webhook job {} to the queue; it will be delivered again when its lease ends: {}",
                        flight.leased().job().id(), e.getMessage());
            }
        }
    }
}
