package io.herald.outbox;

import io.herald.webhook.WebhookEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What the outbox reports: webhook events detected and suppressed by app, jobs queued, queue
 * refusals and jobs lost. The counters of lost and refused jobs exist at zero from the start, so
 * they can be alerted on before the first one happens. Thread-safe.
 */
public final class OutboxMetrics {

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> byApp = new ConcurrentHashMap<>();
    private final Counter enqueued;
    private final Counter enqueueFailures;
    private final Counter dropped;

    public OutboxMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.enqueued = Counter.builder("herald_webhook_jobs_enqueued")
                .description("Webhook jobs written to the durable queue").register(registry);
        this.enqueueFailures = Counter.builder("herald_webhook_enqueue_failures")
                .description("Times the webhook queue refused jobs (they are retried)").register(registry);
        this.dropped = Counter.builder("herald_webhook_jobs_dropped")
                .description("Webhook jobs lost because the queue refused them for too long").register(registry);
    }

    void detected(String appId, WebhookEventType type) {
        appCounter("herald_webhook_events", "Webhook events detected, by type", appId, type.wireName()).increment();
    }

    /** Events dropped in pairs by the debounce (vacated+occupied, removed+added). */
    void suppressed(String appId, int events) {
        appCounter("herald_webhook_events_suppressed", "Webhook events dropped by the debounce (a channel or member came back)",
                appId, null).increment(events);
    }

    void enqueued(int jobs) {
        enqueued.increment(jobs);
    }

    void enqueueFailed() {
        enqueueFailures.increment();
    }

    /** Jobs lost because the queue refused them for too long (memory bound reached). */
    void dropped() {
        dropped.increment();
    }

    private Counter appCounter(String name, String help, String appId, String type) {
        String key = name + '\u0000' + appId + '\u0000' + type;
        Counter counter = byApp.get(key);
        if (counter == null) {
            counter = byApp.computeIfAbsent(key, k -> {
                Counter.Builder builder = Counter.builder(name).description(help).tag("app", appId);
                return (type == null ? builder : builder.tag("type", type)).register(registry);
            });
        }
        return counter;
    }
}
