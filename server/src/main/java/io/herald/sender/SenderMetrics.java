package io.herald.sender;

import io.herald.webhook.QueueStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Webhook delivery metrics, named {@code herald_webhook_*} in Prometheus: queue depth by state
 * and the age of the oldest ready job (set by {@link QueueStatsPoller}), the lag from a webhook's
 * creation to its first attempt, the end-to-end latency to success, attempts by outcome class and
 * app, dead letters and deferrals by reason, and each endpoint's breaker state. One instance per
 * registry; every method is cheap and thread-safe.
 */
public final class SenderMetrics {

    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120),
        Duration.ofSeconds(300), Duration.ofSeconds(600)
    };

    private final MeterRegistry registry;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Supplier<CircuitBreaker.State>> breakers = new ConcurrentHashMap<>();
    private final AtomicLong ready = new AtomicLong();
    private final AtomicLong delayed = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong dead = new AtomicLong();
    private final AtomicLong oldestReadyAgeMillis = new AtomicLong();
    private final Timer firstAttemptLag;
    private final Timer endToEnd;

    public SenderMetrics(MeterRegistry registry) {
        this.registry = registry;
        queueGauge("herald_webhook_queue_ready", "Webhook jobs due now and waiting for a sender", ready);
        queueGauge("herald_webhook_queue_delayed", "Webhook jobs waiting for their retry time", delayed);
        queueGauge("herald_webhook_queue_in_flight", "Webhook jobs leased by a sender", inFlight);
        queueGauge("herald_webhook_queue_dead", "Webhook jobs in the dead letters", dead);
        Gauge.builder("herald_webhook_queue_oldest_ready_age", oldestReadyAgeMillis, value -> value.get() / 1000.0)
                .description("Age of the oldest ready webhook job (0 when none)")
                .baseUnit("seconds")
                .register(registry);
        this.firstAttemptLag = latencyTimer("herald_webhook_first_attempt_lag",
                "Time from a webhook's creation to the start of its first delivery attempt");
        this.endToEnd = latencyTimer("herald_webhook_end_to_end",
                "Time from a webhook's creation to its successful delivery");
    }

    public void queueStats(QueueStats stats) {
        ready.set(stats.ready());
        delayed.set(stats.delayed());
        inFlight.set(stats.inFlight());
        dead.set(stats.dead());
        oldestReadyAgeMillis.set(stats.oldestReadyAgeMillis());
    }

    public void queueStatsFailed() {
        counter("herald_webhook_queue_stats_errors", "Failed reads of the webhook queue's statistics").increment();
    }

    /** A debounced end dropped when due because its channel, member or user was back (a queue that cannot cancel). */
    public void droppedAsUndone(String app) {
        counter("herald_webhook_debounce_dropped_at_send", "Debounced channel_vacated, member_removed and user_offline"
                + " webhooks dropped when due because the channel, member or user was back (NATS queue)", "app", app).increment();
    }

    public void firstAttempt(long lagMillis) {
        firstAttemptLag.record(Duration.ofMillis(Math.max(0, lagMillis)));
    }

    public void attempt(String app, OutcomeClass outcome) {
        counter("herald_webhook_attempts", "Webhook delivery attempts, by outcome class", "app", app,
                "outcome", outcome.label()).increment();
    }

    public void delivered(long endToEndMillis) {
        endToEnd.record(Duration.ofMillis(Math.max(0, endToEndMillis)));
    }

    /** A job given up: {@code window} (retries ran out), {@code blocked}, {@code unknown_app}, {@code bad_request}. */
    public void deadLettered(String app, String reason) {
        counter("herald_webhook_dead_lettered", "Webhook jobs moved to the dead letters, by reason", "app", app,
                "reason", reason).increment();
    }

    /** A job put back without an attempt: {@code breaker_open} or {@code endpoint_busy}. */
    public void deferred(String reason) {
        counter("herald_webhook_deferred", "Webhook jobs put back without an attempt, by reason", "reason", reason)
                .increment();
    }

    /** Reports an endpoint's breaker (0 closed, 1 half-open, 2 open); later calls for the same endpoint are ignored. */
    public void breaker(String endpoint, Supplier<CircuitBreaker.State> state) {
        breakers.computeIfAbsent(endpoint, key -> {
            Gauge.builder("herald_webhook_breaker_state", state, s -> s.get().gaugeValue())
                    .description("Circuit breaker of a webhook endpoint: 0 closed, 1 half-open, 2 open")
                    .tag("endpoint", key)
                    .strongReference(true)
                    .register(registry);
            return state;
        });
    }

    private void queueGauge(String name, String help, AtomicLong value) {
        Gauge.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    private Timer latencyTimer(String name, String help) {
        return Timer.builder(name).description(help).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    private Counter counter(String name, String help, String... tags) {
        String key = name + '\u0000' + String.join("\u0000", tags);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k ->
                    Counter.builder(name).description(help).tags(Tags.of(tags)).register(registry));
        }
        return counter;
    }
}
