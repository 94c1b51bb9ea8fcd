package io.herald.sender;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.app.WebhookEndpoint;
import io.herald.config.WebhooksConfig;
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
 * until the open period ends, without a request. The queue's API has one way to put a job back,
 * {@link WebhookQueue#retry}, so a deferral moves the job to the retry lane and a driver counts it
 * as an attempt; the retry window, not the attempt count, decides when a job is given up.
 *
 * <p>{@link #close()} stops leasing, lets requests in flight finish (they are bounded by the
 * timeout), then cancels whatever is left and returns every unfinished job to the queue with
 * {@code retry(job, 0)}: none is lost, and none waits for its lease to lapse.
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
    private volatile boolean closing;
    private boolean closed;

    private WebhookSender(WebhookQueue queue, AppRegistry apps, WebhooksConfig.Sender settings, SenderMetrics metrics) {
        this.queue = queue;
        this.apps = apps;
        this.settings = settings;
        this.metrics = metrics;
        this.schedule = RetrySchedule.ofMillis(settings.retryDelays(), settings.jitter(), settings.retryWindow());
        this.http = new HttpDelivery(settings.timeout(), settings.blockPrivateNetworks(), settings.concurrency());
        this.endpointStates = new EndpointStates(settings.perEndpointConcurrency(), settings.breakerFailures(),
                settings.breakerOpen(), metrics);
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
        if (settings.lease() <= settings.timeout() + SLOT_WAIT_MILLIS) {
            LOG.warn("The webhook lease ({} ms) is not longer than the request timeout ({} ms): jobs may be delivered twice",
                    settings.lease(), settings.timeout());
        }
        WebhookSender sender = new WebhookSender(queue, apps, settings, metrics);
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
            putBack(flight, "sender stopped");
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
            putBack(flight, "sender stopped");
            return;
        }
        WebhookJob job = flight.leased().job();
        AppConfig app = apps.byId(job.appId()).orElse(null);
        if (app == null) {
            giveUp(flight, job.appId(), "unknown_app", "app " + job.appId() + " no longer exists");
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
        long breakerWait = endpoint.breaker().tryAcquire(System.currentTimeMillis());
        if (breakerWait > 0) {
            defer(flight, app.id(), breakerWait, "breaker_open",
                    "circuit breaker open for " + endpoint.label() + " (last error: " + endpoint.lastError() + ")");
            return;
        }
        if (!endpoint.tryTakeSlot(SLOT_WAIT_MILLIS)) {
            endpoint.breaker().onAbandoned();
            long delay = ENDPOINT_BUSY_DELAY_MILLIS + ThreadLocalRandom.current().nextLong(ENDPOINT_BUSY_DELAY_MILLIS);
            defer(flight, app.id(), delay, "endpoint_busy", "endpoint at its concurrency limit: " + endpoint.label());
            return;
        }
        Outcome outcome;
        try {
            if (flight.leased().attempts() == 0) {
                metrics.firstAttempt(System.currentTimeMillis() - job.createdAtMillis());
            }
            outcome = http.send(request, flight::started);
        } finally {
            endpoint.releaseSlot();
        }
        settle(flight, app, endpoint, outcome);
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

    private void settle(InFlight flight, AppConfig app, EndpointStates.EndpointState endpoint, Outcome outcome) {
        LeasedJob leased = flight.leased();
        if (flight.cancelled() && !outcome.success()) {
            endpoint.breaker().onAbandoned();
            putBack(flight, "sender stopped before the endpoint answered");
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
            endpoint.breaker().onAbandoned();
            giveUp(flight, app.id(), "blocked", outcome.error());
            return;
        }
        endpoint.failed(outcome.error(), now);
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

    /** Puts a job back without an attempt, or gives it up if it would come back after its retry window. */
    private void defer(InFlight flight, String app, long delayMillis, String reason, String error) {
        WebhookJob job = flight.leased().job();
        if (System.currentTimeMillis() + delayMillis > job.createdAtMillis() + schedule.window().toMillis()) {
            giveUp(flight, app, "window", "retry window over: " + error);
            return;
        }
        metrics.deferred(reason);
        flight.settle(() -> queue.retry(flight.leased(), Duration.ofMillis(delayMillis), error));
    }

    private void giveUp(InFlight flight, String app, String reason, String error) {
        WebhookJob job = flight.leased().job();
        if (flight.settle(() -> queue.deadLetter(flight.leased(), error))) {
            metrics.deadLettered(app, reason);
            LOG.warn("Webhook {} of app {} to {} moved to the dead letters: {}", job.id(), app,
                    EndpointStates.redact(job.endpointUrl()), error);
        }
    }

    private void putBack(InFlight flight, String reason) {
        flight.settle(() -> queue.retry(flight.leased(), Duration.ZERO, reason));
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
                putBack(flight, "sender stopped");
            } catch (RuntimeException e) {
                LOG.warn("Could not return webhook job {} to the queue; it will be delivered again when its lease ends: {}",
                        flight.leased().job().id(), e.getMessage());
            }
        }
    }
}
