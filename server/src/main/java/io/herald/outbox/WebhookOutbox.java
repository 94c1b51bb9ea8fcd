package io.herald.outbox;

import io.herald.app.AppConfig;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detected webhook events into durable jobs at once: nothing the node decided waits in
 * memory for a batch or a debounce, so a crash cannot lose it once it is written.
 *
 * <ul>
 *   <li><b>Group commit.</b> One thread takes every event emitted since its last write and writes
 *       them in one {@link WebhookQueue#enqueue} (one SQLite transaction, one Redis script), so the
 *       cost of durability is shared by the events that arrive while the previous write runs.
 *       {@link #durable()} completes when the events emitted before it are written; the node
 *       acknowledges actions to clients only then.</li>
 *   <li><b>Batch.</b> The events of one write share requests per app and endpoint, up to
 *       {@code batchMaxEvents} each, one {@code cache_miss} per channel; no event waits for
 *       others.</li>
 *   <li><b>Debounce.</b> {@code channel_vacated}, {@code member_removed} and {@code user_offline}
 *       are written at once as jobs due after {@code debounceMillis}; if the channel, member or
 *       user comes back meanwhile, the returning event cancels that job in the queue
 *       ({@link WebhookQueue#cancel}) and neither is sent, so a page reload produces no webhooks.
 *       {@code time_ms} of the debounced event is when the channel, member or user went.</li>
 *   <li><b>A refusing queue.</b> Jobs the queue refused are retried every second, kept in memory
 *       (at most {@value #MAX_UNQUEUED_JOBS}); {@link #close} waits for them.</li>
 * </ul>
 * {@link #emit} may be called from any thread and never blocks.
 */
public final class WebhookOutbox implements WebhookEmitter, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);
    private static final int MAX_UNQUEUED_JOBS = 100_000;
    /** Events one write takes at most, so a flood is written in bounded transactions. */
    private static final int MAX_GROUP = 2_000;
    private static final long ENQUEUE_RETRY_MILLIS = 1_000;
    private static final long CLOSING_RETRY_MILLIS = 200;

    private final WebhookQueue queue;
    private final OutboxMetrics metrics;
    private final int batchMaxEvents;
    private final long debounceMillis;
    private final LongSupplier clockMillis;
    private final Runnable afterEnqueue;
    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final AtomicLong accepted = new AtomicLong();
    private volatile long settled;
    private final List<WebhookJob> unqueued = new ArrayList<>();
    private volatile int unqueuedCount;
    private final Thread worker;
    private volatile boolean closed;
    private volatile boolean stopping;

    public WebhookOutbox(WebhookQueue queue, OutboxMetrics metrics, int batchMaxEvents, long debounceMillis,
            LongSupplier clockMillis) {
        this(queue, metrics, batchMaxEvents, debounceMillis, clockMillis, () -> { });
    }

    /** {@code afterEnqueue} runs after each successful write (an in-process sender wakes on it). */
    public WebhookOutbox(WebhookQueue queue, OutboxMetrics metrics, int batchMaxEvents, long debounceMillis,
            LongSupplier clockMillis, Runnable afterEnqueue) {
        this.queue = queue;
        this.metrics = metrics;
        this.batchMaxEvents = Math.max(1, batchMaxEvents);
        this.debounceMillis = debounceMillis;
        this.clockMillis = clockMillis;
        this.afterEnqueue = afterEnqueue;
        this.worker = new Thread(this::writeLoop, "herald-webhook-outbox");
        worker.setDaemon(true);
        worker.start();
    }

    /** Hands an event to the writer, stamped with the time it happened; ignored when no endpoint of the app wants it. */
    @Override
    public void emit(AppConfig app, WebhookEvent event) {
        if (closed || !app.wantsWebhook(event.type(), event.channel())) {
            return;
        }
        accepted.incrementAndGet();
        inbox.add(new CommitGroup.Emitted(app, event, clockMillis.getAsLong()));
    }

    @Override
    public CompletionStage<Void> durable() {
        if (settled == accepted.get()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        inbox.add(barrier);
        return barrier;
    }

    private void writeLoop() {
        List<Object> taken = new ArrayList<>();
        while (!(stopping && inbox.isEmpty())) {
            try {
                Object first = inbox.poll(stopping ? CLOSING_RETRY_MILLIS : ENQUEUE_RETRY_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    enqueuePending();
                    continue;
                }
                taken.add(first);
                inbox.drainTo(taken, MAX_GROUP - 1);
                write(taken);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Webhook outbox failed to write a group of events", e);
            } finally {
                taken.clear();
            }
        }
    }

    /** Writes one group: cancels what returning events undo, enqueues the rest, then releases the barriers. */
    private void write(List<Object> taken) {
        CommitGroup group = new CommitGroup(batchMaxEvents, debounceMillis);
        List<CompletableFuture<Void>> barriers = new ArrayList<>();
        int events = 0;
        for (Object item : taken) {
            if (item instanceof CommitGroup.Emitted emitted) {
                metrics.detected(emitted.app().id(), emitted.event().type());
                group.add(emitted);
                events++;
            } else {
                @SuppressWarnings("unchecked")
                CompletableFuture<Void> barrier = (CompletableFuture<Void>) item;
                barriers.add(barrier);
            }
        }
        try {
            if (!group.isEmpty()) {
                Set<String> cancelled = cancel(group.cancelKeys());
                group.suppressed(cancelled).forEach(metrics::suppressed);
                unqueued.addAll(group.jobs(cancelled));
                enqueuePending();
            }
        } finally {
            // Barriers first: a caller who then finds everything settled must not overtake them.
            barriers.forEach(barrier -> barrier.complete(null));
            settled += events;
        }
    }

    /** Cancels queued debounced jobs; a queue that cannot answer cancels none (both events are then sent). */
    private Set<String> cancel(Set<String> keys) {
        if (keys.isEmpty()) {
            return Set.of();
        }
        try {
            return queue.cancel(keys);
        } catch (RuntimeException e) {
            LOG.warn("Webhook queue could not cancel {} debounced job(s); both events will be sent: {}", keys.size(),
                    e.getMessage());
            return Set.of();
        }
    }

    private void enqueuePending() {
        if (unqueued.isEmpty()) {
            return;
        }
        try {
            queue.enqueue(List.copyOf(unqueued));
            metrics.enqueued(unqueued.size());
            unqueued.clear();
            afterEnqueue.run();
        } catch (RuntimeException e) {
            metrics.enqueueFailed();
            LOG.warn("Webhook queue refused {} job(s), retrying in {} ms: {}", unqueued.size(),
                    stopping ? CLOSING_RETRY_MILLIS : ENQUEUE_RETRY_MILLIS, e.getMessage());
            while (unqueued.size() > MAX_UNQUEUED_JOBS) {
                unqueued.remove(0);
                metrics.dropped();
            }
        } finally {
            unqueuedCount = unqueued.size();
        }
    }

    /** Events and jobs held in memory: events not yet written, jobs the queue refused. */
    public int heldInMemory() {
        return inbox.size() + unqueuedCount;
    }

    /** Writes what is held, then stops; see {@link #close(long)}. */
    @Override
    public void close() {
        close(10_000);
    }

    /**
     * Stops taking events, writes every event already taken, and gives a refusing queue
     * {@code timeoutMillis} to take the jobs held in memory. True when everything was queued.
     */
    public boolean close(long timeoutMillis) {
        if (closed) {
            return true;
        }
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            durable().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
            stopping = true;
            while (unqueuedCount > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        } catch (Exception e) {
            LOG.error("Webhook outbox did not drain cleanly", e);
        } finally {
            stopping = true;
            try {
                worker.join(CLOSING_RETRY_MILLIS * 5);
                if (worker.isAlive()) {
                    worker.interrupt();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int lost = unqueuedCount + inbox.size();
        if (lost > 0) {
            LOG.error("{} webhook job(s) could not be queued before shutdown", lost);
        }
        return lost == 0;
    }
}
