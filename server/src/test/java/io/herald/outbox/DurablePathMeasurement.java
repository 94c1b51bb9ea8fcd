package io.herald.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the durable path of webhooks on the embedded SQLite queue (a real file, WAL,
 * synchronous=FULL): how many events a second the outbox makes durable when producers emit as
 * fast as they can, and how long an acknowledgement waits for its event at a steady rate (from
 * {@link WebhookOutbox#emit} to {@link WebhookOutbox#durable()} completing, the time a
 * subscription_succeeded, pong or relayed client event is held), while eight workers lease and
 * complete the jobs one by one as senders do, so their writes compete for the same file. Prints its figures and asserts
 * only that every event was queued. Not part of the suite (the name is not a test's); run it with
 * {@code ./mvnw -B -pl server -am test -Dtest=DurablePathMeasurement -Dsurefire.failIfNoSpecifiedTests=false}
 * then read {@code server/target/surefire-reports/io.herald.outbox.DurablePathMeasurement-output.txt}.
 */
class DurablePathMeasurement {

    private static final int PRODUCERS = 4;
    private static final int EVENTS_PER_PRODUCER = 50_000;
    private static final int[] STEADY_RATES = {1_000, 5_000, 20_000};
    private static final int STEADY_SECONDS = 5;
    private static final int SENDERS = 8;

    @TempDir
    Path dir;

    private static AppConfig app() {
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: a1, key: k1, secret: s1, webhooks: [{url: 'http://127.0.0.1:9/hook'}]}]"))).apps().get(0);
    }

    @Test
    void enqueueThroughputAndAddedLatency() throws Exception {
        AppConfig app = app();
        try (WebhookQueue queue = new SqliteWebhookQueue(dir.resolve("throughput"))) {
            throughput(queue, app);
        }
        for (int rate : STEADY_RATES) {
            try (WebhookQueue queue = new SqliteWebhookQueue(dir.resolve("steady-" + rate))) {
                steady(queue, app, rate);
            }
        }
    }

    private static void throughput(WebhookQueue queue, AppConfig app) throws Exception {
        try (WebhookOutbox outbox = new WebhookOutbox(queue, new OutboxMetrics(new SimpleMeterRegistry()), 20, 3_000,
                System::currentTimeMillis)) {
            long start = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < EVENTS_PER_PRODUCER; i++) {
                        outbox.emit(app, WebhookEvent.clientEvent("private-" + producer, "client-tick", "{\"n\":" + i + "}",
                                "1.1", null));
                    }
                }));
            }
            for (Thread producer : producers) {
                producer.join();
            }
            long emitted = System.nanoTime();
            outbox.durable().toCompletableFuture().get(5, TimeUnit.MINUTES);
            long durable = System.nanoTime();
            int events = PRODUCERS * EVENTS_PER_PRODUCER;
            System.out.printf("durable path throughput: %d events from %d producers durable in %.0f ms = %.0f events/s "
                    + "(emitting took %.0f ms; %d jobs of up to 20 events)%n", events, PRODUCERS, (durable - start) / 1e6,
                    events / ((durable - start) / 1e9), (emitted - start) / 1e6, queue.stats().ready());
            assertThat(queue.stats().ready()).isPositive();
        }
    }

    private static void steady(WebhookQueue queue, AppConfig app, int perSecond) throws Exception {
        int events = perSecond * STEADY_SECONDS;
        long[] waits = new long[events];
        List<CompletableFuture<Void>> pending = new ArrayList<>(events);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicLong completed = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            senders.add(Thread.ofPlatform().start(() -> {
                while (sending.get()) {
                    List<LeasedJob> jobs = queue.lease(WebhookQueue.Lane.FIRST, 4, Duration.ofMinutes(1));
                    jobs.forEach(job -> {
                        queue.complete(job);
                        completed.incrementAndGet();
                    });
                    if (jobs.isEmpty()) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                    }
                }
            }));
        }
        try (WebhookOutbox outbox = new WebhookOutbox(queue, new OutboxMetrics(new SimpleMeterRegistry()), 20, 3_000,
                System::currentTimeMillis)) {
            long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + i * interval;
                long now;
                while ((now = System.nanoTime()) < due) {
                    LockSupport.parkNanos(due - now);
                }
                int index = i;
                long emittedAt = System.nanoTime();
                outbox.emit(app, WebhookEvent.channelOccupied("c-" + i));
                pending.add(outbox.durable().toCompletableFuture().thenRun(() -> waits[index] = System.nanoTime() - emittedAt));
            }
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);
        } finally {
            sending.set(false);
            for (Thread sender : senders) {
                sender.join();
            }
        }
        Arrays.sort(waits);
        System.out.printf("durable path added latency at %d events/s for %d s: p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, "
                + "max %.2f ms (%d jobs completed meanwhile by %d sender threads)%n",
                perSecond, STEADY_SECONDS, percentile(waits, 0.50), percentile(waits, 0.99), percentile(waits, 0.999),
                waits[waits.length - 1] / 1e6, completed.get(), SENDERS);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
