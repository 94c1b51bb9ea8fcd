package io.herald.outbox;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookEventType;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detected webhook events into durable jobs: debounce, batch, enqueue.
 *
 * <ul>
 *   <li><b>Debounce.</b> {@code channel_vacated} and {@code member_removed} wait
 *       {@code debounceMillis}; if the channel is occupied (or the member added) again meanwhile,
 *       neither event is sent, so a page reload produces no webhooks.</li>
 *   <li><b>Batch.</b> Per app and endpoint, up to {@code batchMaxEvents} events or
 *       {@code batchMaxWaitMillis}, whichever comes first, become one request body. A batch holds
 *       one {@code cache_miss} per channel however many clients missed.</li>
 *   <li><b>Enqueue.</b> Bodies go to the {@link WebhookQueue}; a failing queue is retried every
 *       second with the jobs kept in memory (bounded), and {@link #close} hands everything held
 *       in memory to the queue before returning.</li>
 * </ul>
 * {@link #emit} may be called from any thread and never blocks; all state lives on one worker
 * thread.
 */
public final class WebhookOutbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutbox.class);
    private static final int MAX_UNQUEUED_JOBS = 100_000;

    private final WebhookQueue queue;
    private final OutboxMetrics metrics;
    private final int batchMaxEvents;
    private final long batchMaxWaitMillis;
    private final long debounceMillis;
    private final LongSupplier clockMillis;
    private final Runnable afterEnqueue;
    private final ScheduledExecutorService worker;
    private final Map<String, Debounced> debouncing = new HashMap<>();
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    private final List<WebhookJob> unqueued = new ArrayList<>();
    private ScheduledFuture<?> enqueueRetry;
    private volatile boolean closed;

    public WebhookOutbox(WebhookQueue queue, OutboxMetrics metrics, int batchMaxEvents, long batchMaxWaitMillis,
            long debounceMillis, LongSupplier clockMillis) {
        this(queue, metrics, batchMaxEvents, batchMaxWaitMillis, debounceMillis, clockMillis, () -> { });
    }

    /** {@code afterEnqueue} runs after each successful enqueue (an in-process sender wakes on it). */
    public WebhookOutbox(WebhookQueue queue, OutboxMetrics metrics, int batchMaxEvents, long batchMaxWaitMillis,
            long debounceMillis, LongSupplier clockMillis, Runnable afterEnqueue) {
        this.afterEnqueue = afterEnqueue;
        this.queue = queue;
        this.metrics = metrics;
        this.batchMaxEvents = Math.max(1, batchMaxEvents);
        this.batchMaxWaitMillis = batchMaxWaitMillis;
        this.debounceMillis = debounceMillis;
        this.clockMillis = clockMillis;
        this.worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-webhook-outbox");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Hands an event to the pipeline; ignored when no endpoint of the app wants it. */
    public void emit(AppConfig app, WebhookEvent event) {
        if (closed || !anyEndpointWants(app, event)) {
            return;
        }
        worker.execute(() -> accept(app, event));
    }

    private static boolean anyEndpointWants(AppConfig app, WebhookEvent event) {
        for (WebhookEndpoint endpoint : app.webhooks()) {
            if (endpoint.wants(event.type(), event.channel())) {
                return true;
            }
        }
        return false;
    }

    private void accept(AppConfig app, WebhookEvent event) {
        metrics.detected(app.id(), event.type());
        switch (event.type()) {
            case CHANNEL_VACATED, MEMBER_REMOVED -> {
                if (debounceMillis <= 0) {
                    route(app, event);
                    return;
                }
                String key = debounceKey(app, event);
                Debounced previous = debouncing.put(key, new Debounced(app, event,
                        worker.schedule(() -> release(key), debounceMillis, TimeUnit.MILLISECONDS)));
                if (previous != null) {
                    previous.timer.cancel(false);
                }
            }
            case CHANNEL_OCCUPIED, MEMBER_ADDED -> {
                Debounced pending = debouncing.remove(debounceKey(app, event));
                if (pending != null) {
                    pending.timer.cancel(false);
                    metrics.suppressed(app.id(), 2);
                    return;
                }
                route(app, event);
            }
            default -> route(app, event);
        }
    }

    /** The vacated/removed event that returns the channel or member to the same state. */
    private static String debounceKey(AppConfig app, WebhookEvent event) {
        boolean member = event.type() == WebhookEventType.MEMBER_ADDED || event.type() == WebhookEventType.MEMBER_REMOVED;
        return app.id() + '\u0000' + (member ? "m\u0000" + event.userId() : "c") + '\u0000' + event.channel();
    }

    private void release(String key) {
        Debounced pending = debouncing.remove(key);
        if (pending != null) {
            route(pending.app, pending.event);
        }
    }

    private void route(AppConfig app, WebhookEvent event) {
        List<WebhookEndpoint> endpoints = app.webhooks();
        for (int i = 0; i < endpoints.size(); i++) {
            WebhookEndpoint endpoint = endpoints.get(i);
            if (!endpoint.wants(event.type(), event.channel())) {
                continue;
            }
            String key = app.id() + '\u0000' + i;
            Batch batch = batches.get(key);
            if (batch == null) {
                Batch fresh = new Batch(app, endpoint);
                batches.put(key, fresh);
                batch = fresh;
                if (batchMaxEvents > 1) {
                    fresh.timer = worker.schedule(() -> flush(key, fresh), batchMaxWaitMillis, TimeUnit.MILLISECONDS);
                }
            }
            if (event.type() == WebhookEventType.CACHE_MISS && !batch.cacheMisses.add(event.channel())) {
                continue; // several clients hitting one empty cache channel make one cache_miss
            }
            batch.events.add(event.toJson());
            if (batch.events.size() >= batchMaxEvents) {
                flush(key, batch);
            }
        }
    }

    private void flush(String key, Batch batch) {
        if (batches.get(key) != batch) {
            return;
        }
        batches.remove(key);
        if (batch.timer != null) {
            batch.timer.cancel(false);
        }
        long now = clockMillis.getAsLong();
        String body = "{\"time_ms\":" + now + ",\"events\":[" + String.join(",", batch.events) + "]}";
        unqueued.add(new WebhookJob(UUID.randomUUID().toString(), batch.app.id(), batch.endpoint.url(), body, now));
        enqueuePending();
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
            LOG.warn("Webhook queue refused {} job(s), retrying in 1 s: {}", unqueued.size(), e.getMessage());
            while (unqueued.size() > MAX_UNQUEUED_JOBS) {
                unqueued.remove(0);
                metrics.dropped();
            }
            if (!closed && (enqueueRetry == null || enqueueRetry.isDone())) {
                enqueueRetry = worker.schedule(this::enqueuePending, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Jobs and events held in memory: debounced events, open batches, jobs not yet queued. */
    public int heldInMemory() {
        try {
            return worker.submit(() -> debouncing.size() + batches.size() + unqueued.size()).get();
        } catch (Exception e) {
            return -1;
        }
    }

    /**
     * Sends every debounced event and open batch to the queue now, then stops. Returns once they
     * are queued, or after {@code timeoutMillis} if the queue keeps refusing them.
     */
    @Override
    public void close() {
        close(10_000);
    }

    /** The same, giving a refusing queue {@code timeoutMillis}; true when everything held was queued. */
    public boolean close(long timeoutMillis) {
        if (closed) {
            return true;
        }
        closed = true;
        int lost = -1;
        try {
            worker.submit(() -> {
                for (String key : List.copyOf(debouncing.keySet())) {
                    debouncing.get(key).timer.cancel(false);
                    release(key);
                }
                for (Map.Entry<String, Batch> entry : List.copyOf(batches.entrySet())) {
                    flush(entry.getKey(), entry.getValue());
                }
            }).get();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
            while (worker.submit(() -> {
                enqueuePending();
                return !unqueued.isEmpty();
            }).get() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            lost = worker.submit(unqueued::size).get();
            if (lost > 0) {
                LOG.error("{} webhook job(s) could not be queued before shutdown", lost);
            }
        } catch (Exception e) {
            LOG.error("Webhook outbox did not drain cleanly", e);
        } finally {
            worker.shutdownNow();
        }
        return lost == 0;
    }

    private record Debounced(AppConfig app, WebhookEvent event, ScheduledFuture<?> timer) {}

    private static final class Batch {
        final AppConfig app;
        final WebhookEndpoint endpoint;
        final List<String> events = new ArrayList<>();
        final Set<String> cacheMisses = new HashSet<>();
        ScheduledFuture<?> timer;

        Batch(AppConfig app, WebhookEndpoint endpoint) {
            this.app = app;
            this.endpoint = endpoint;
        }
    }
}
