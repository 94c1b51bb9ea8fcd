package io.herald.sender;

import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookQueue;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool of one queue lane. A single leaser thread leases as many jobs as there are idle
 * workers, in one call, and hands each to a worker; it never leases a job no worker is free for,
 * so a job's lease starts when its work starts. When the lane is empty the leaser polls with a
 * growing pause (up to {@link #MAX_IDLE_MILLIS}), cut short by {@link #wake()}, so an idle sender
 * costs a few queue reads a second.
 */
final class LaneWorkers {

    static final long MIN_IDLE_MILLIS = 10;
    static final long MAX_IDLE_MILLIS = 250;
    static final long QUEUE_ERROR_PAUSE_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(LaneWorkers.class);

    private final WebhookQueue queue;
    private final WebhookQueue.Lane lane;
    private final Duration lease;
    private final Consumer<LeasedJob> handler;
    private final Semaphore idleWorkers;
    private final Semaphore wakeups = new Semaphore(0);
    private final ExecutorService workers;
    private final Thread leaser;
    private volatile boolean stopped;

    LaneWorkers(WebhookQueue queue, WebhookQueue.Lane lane, int size, Duration lease, Consumer<LeasedJob> handler) {
        this.queue = queue;
        this.lane = lane;
        this.lease = lease;
        this.handler = handler;
        this.idleWorkers = new Semaphore(size);
        String name = "herald-webhook-" + lane.name().toLowerCase(Locale.ROOT);
        AtomicInteger counter = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(size, runnable -> daemon(runnable, name + "-" + counter.incrementAndGet()));
        this.leaser = daemon(this::leaseLoop, name + "-leaser");
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    void start() {
        leaser.start();
    }

    /** Ends the current idle pause: jobs may be ready. */
    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    private void leaseLoop() {
        long idleMillis = MIN_IDLE_MILLIS;
        try {
            while (!stopped) {
                if (!idleWorkers.tryAcquire(MAX_IDLE_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                int wanted = 1 + idleWorkers.drainPermits();
                List<LeasedJob> jobs = leaseOrNull(wanted);
                idleWorkers.release(wanted - (jobs == null ? 0 : jobs.size()));
                if (jobs == null) {
                    pause(QUEUE_ERROR_PAUSE_MILLIS);
                } else if (jobs.isEmpty()) {
                    pause(idleMillis);
                    idleMillis = Math.min(idleMillis * 2, MAX_IDLE_MILLIS);
                } else {
                    jobs.forEach(this::dispatch);
                    idleMillis = MIN_IDLE_MILLIS;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<LeasedJob> leaseOrNull(int max) {
        try {
            return queue.lease(lane, max, lease);
        } catch (RuntimeException e) {
            LOG.warn("Could not lease webhook jobs ({} lane), trying again in {} ms: {}", lane, QUEUE_ERROR_PAUSE_MILLIS,
                    e.getMessage());
            return null;
        }
    }

    private void dispatch(LeasedJob job) {
        workers.execute(() -> {
            try {
                handler.accept(job);
            } finally {
                idleWorkers.release();
            }
        });
    }

    private void pause(long millis) throws InterruptedException {
        if (wakeups.tryAcquire(millis, TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    /** Asks the leaser to stop after its current lease call, without waiting for it. */
    void requestStop() {
        stopped = true;
        wake();
    }

    /** Stops leasing; every job already leased is still handed to a worker. */
    void stopLeasing(Duration bound) throws InterruptedException {
        requestStop();
        leaser.join(bound.toMillis());
        if (leaser.isAlive()) {
            leaser.interrupt();
            leaser.join(bound.toMillis());
        }
        workers.shutdown();
    }

    /** Waits until every handed-out job has been handled, at most until {@code deadlineNanos}. */
    boolean awaitWorkers(long deadlineNanos) throws InterruptedException {
        return workers.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    void stopWorkers() {
        workers.shutdownNow();
    }
}
