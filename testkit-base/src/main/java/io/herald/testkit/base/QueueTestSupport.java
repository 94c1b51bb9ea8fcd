package io.herald.testkit.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueueException;
import io.herald.webhook.WebhookQueue.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/** Jobs, bounded waits and queue bookkeeping for tests of {@link WebhookQueue} drivers. */
public abstract class QueueTestSupport {

    protected static final Duration WAIT = Duration.ofSeconds(10);
    /** How soon a driver must give up on a server that is down (their tests use a 2 s timeout). */
    protected static final Duration PROMPTLY = Duration.ofSeconds(5);
    /** A lease short enough to watch it run out. */
    protected static final Duration SHORT_LEASE = Duration.ofMillis(300);
    /** A lease no test outlives. */
    protected static final Duration LONG_LEASE = Duration.ofSeconds(60);

    private final List<WebhookQueue> opened = new ArrayList<>();

    /** Closes {@code queue} after the test. */
    protected final <Q extends WebhookQueue> Q track(Q queue) {
        opened.add(queue);
        return queue;
    }

    /** Closes every tracked queue, newest first. */
    protected final void closeTracked() {
        for (WebhookQueue q : opened.reversed()) {
            q.close();
        }
        opened.clear();
    }

    protected static WebhookJob job(String id) {
        return new WebhookJob(id, "app-1", "https://example.com/hooks", "{\"time_ms\":1,\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"" + id + "\"}]}", System.currentTimeMillis());
    }

    /** The job {@link #job(String)} makes, due at {@code dueAtMillis} and cancellable by {@code cancelKey}. */
    protected static WebhookJob dueAt(String id, long dueAtMillis, String cancelKey) {
        WebhookJob job = job(id);
        return new WebhookJob(id, job.appId(), job.endpointUrl(), job.body(), job.createdAtMillis(), dueAtMillis, cancelKey);
    }

    /** {@code count} jobs with ids {@code prefix-0}, {@code prefix-1}, ... */
    protected static List<WebhookJob> jobs(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> job(prefix + "-" + i)).toList();
    }

    protected static List<String> ids(List<LeasedJob> leased) {
        return leased.stream().map(l -> l.job().id()).toList();
    }

    protected static List<LeasedJob> leaseUntil(WebhookQueue queue, Lane lane, int max, int expected) {
        return leaseUntil(queue, lane, max, expected, LONG_LEASE);
    }

    /** Leases until exactly {@code expected} jobs came back, failing on more or after {@link #WAIT}. */
    protected static List<LeasedJob> leaseUntil(WebhookQueue queue, Lane lane, int max, int expected, Duration lease) {
        List<LeasedJob> got = new ArrayList<>();
        await().alias("leasing " + expected + " jobs from the " + lane + " lane")
                .atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                .until(() -> {
                    got.addAll(queue.lease(lane, Math.min(max, expected - got.size()), lease));
                    return got.size() >= expected;
                });
        assertThat(got).hasSize(expected);
        return got;
    }

    protected static void awaitCondition(Callable<Boolean> condition) {
        awaitCondition(WAIT, condition);
    }

    protected static void awaitCondition(Duration atMost, Callable<Boolean> condition) {
        await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25)).until(condition);
    }

    /** Asserts that {@code call} throws {@link WebhookQueueException} within {@link #PROMPTLY}, as a call to a lost server must. */
    protected static void assertFailsPromptly(Runnable call) {
        long start = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(WebhookQueueException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
    }

    /** True when {@code call} ran without {@link WebhookQueueException}, for waiting on a server to come back. */
    protected static boolean succeeds(Runnable call) {
        try {
            call.run();
            return true;
        } catch (WebhookQueueException e) {
            return false;
        }
    }

    /** Fails unless {@code condition} holds all through {@code period}. */
    protected static void awaitDuring(Duration period, Callable<Boolean> condition) {
        await().during(period).atMost(period.plus(WAIT)).pollInterval(Duration.ofMillis(50)).until(condition);
    }
}
