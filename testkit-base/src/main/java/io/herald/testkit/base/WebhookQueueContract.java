package io.herald.testkit.base;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static io.herald.webhook.WebhookQueue.Lane.RETRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herald.webhook.DeadJob;
import io.herald.webhook.JobLocation;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.QueueStats;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.herald.webhook.WebhookQueue.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WebhookQueue} driver must do, as one suite: a driver's test extends this class
 * and says how to open a fresh store and how to open it again. Conventions the drivers share and
 * this suite pins down: {@link LeasedJob#attempts()} counts {@link WebhookQueue#retry} calls (a
 * lease that ran out is not an attempt), {@link DeadJob#attempts()} counts every attempt made, the
 * failed last one included, a replayed dead letter comes back with the replay's time as its
 * {@link WebhookJob#createdAtMillis()} (the drivers under test run on the system clock), and every
 * sender of one queue uses the same lease duration (some drivers judge a lease by the duration the
 * taker asks for, others by the holder's).
 */
public abstract class WebhookQueueContract extends QueueTestSupport {

    protected WebhookQueue queue;

    /** A queue on a new, empty store (a new file, key prefix or stream). */
    protected abstract WebhookQueue newQueue();

    /** Another queue object on the store of the last {@link #newQueue()}, as another process would open it. */
    protected abstract WebhookQueue reopen();

    /**
     * Whether a sender whose lease ran out and was taken over can no longer retry or dead-letter
     * the job. Drivers that cannot tell (their acks do not name the holder) answer false and may
     * deliver such a job once more.
     */
    protected boolean refusesTakenOverLeases() {
        return true;
    }

    /**
     * Whether {@link WebhookQueue#cancel} removes a job not yet due. Drivers that cannot find a
     * stored job by key answer false and cancel none.
     */
    protected boolean cancelsJobsNotYetDue() {
        return true;
    }

    @BeforeEach
    void openQueue() {
        queue = track(newQueue());
    }

    @AfterEach
    void closeQueues() {
        closeTracked();
    }

    @Test
    void enqueuedJobIsLeasedOnceAndCompleted() {
        WebhookJob job = job("a");
        queue.enqueue(List.of(job));

        List<LeasedJob> leased = queue.lease(FIRST, 10, LONG_LEASE);

        assertThat(leased).singleElement().satisfies(l -> {
            assertThat(l.job()).isEqualTo(job);
            assertThat(l.attempts()).isZero();
        });
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        queue.complete(leased.getFirst());
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    }

    @Test
    void aJobDueLaterIsLeasedOnlyOnceDueAndWithoutAnAttempt() {
        long due = System.currentTimeMillis() + 500;
        queue.enqueue(List.of(dueAt("later", due, "key-later"), job("now")));

        assertThat(leaseUntil(queue, FIRST, 10, 1)).extracting(l -> l.job().id()).containsExactly("now");
        assertThat(queue.lease(RETRY, 10, LONG_LEASE)).isEmpty();
        assertThat(queue.stats().delayed()).isEqualTo(1);
        awaitCondition(() -> System.currentTimeMillis() > due);
        List<LeasedJob> leased = new ArrayList<>();
        awaitCondition(() -> {
            leased.addAll(queue.lease(FIRST, 10, LONG_LEASE));
            leased.addAll(queue.lease(RETRY, 10, LONG_LEASE));
            return !leased.isEmpty();
        });
        assertThat(leased).singleElement().satisfies(l -> {
            assertThat(l.job().id()).isEqualTo("later");
            assertThat(l.job().body()).isEqualTo(job("later").body());
            assertThat(l.attempts()).isZero();
        });
    }

    @Test
    void cancelRemovesOnlyJobsNotYetDueByTheirKey() {
        assumeTrue(cancelsJobsNotYetDue());
        long later = System.currentTimeMillis() + 60_000;
        long soon = System.currentTimeMillis() + 300;
        queue.enqueue(List.of(dueAt("gone", later, "key-gone"), dueAt("kept", later, "key-kept"), dueAt("due", soon, "key-due")));

        assertThat(queue.cancel(List.of("key-gone", "key-unknown"))).containsExactly("key-gone");
        assertThat(queue.cancel(List.of("key-gone"))).as("cancelled once").isEmpty();
        awaitCondition(() -> System.currentTimeMillis() > soon);
        assertThat(queue.cancel(List.of("key-due"))).as("a job already due is sent").isEmpty();
        assertThat(queue.locate(List.of("gone", "kept", "due")).keySet()).containsExactlyInAnyOrder("kept", "due");
        assertThat(queue.stats().delayed() + queue.stats().ready()).isEqualTo(2);
    }

    @Test
    void cancelWithoutSupportRemovesNothing() {
        assumeTrue(!cancelsJobsNotYetDue());
        queue.enqueue(List.of(dueAt("kept", System.currentTimeMillis() + 60_000, "key-kept")));

        assertThat(queue.cancel(List.of("key-kept"))).isEmpty();
        assertThat(queue.locate(List.of("kept"))).containsKey("kept");
    }

    @Test
    void leaseReturnsAtMostMax() {
        queue.enqueue(jobs("m", 5));

        List<LeasedJob> two = queue.lease(FIRST, 2, LONG_LEASE);
        List<LeasedJob> rest = leaseUntil(queue, FIRST, 10, 3);

        assertThat(two).hasSize(2);
        assertThat(rest).hasSize(3);
        assertThat(ids(two)).doesNotContainAnyElementsOf(ids(rest));
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
    }

    @Test
    void firstAndRetryLanesAreSeparate() {
        WebhookJob job = job("r");
        queue.enqueue(List.of(job));
        assertThat(queue.lease(RETRY, 10, LONG_LEASE)).isEmpty();
        LeasedJob first = queue.lease(FIRST, 10, LONG_LEASE).getFirst();

        Duration delay = Duration.ofMillis(500);
        long retriedAt = System.nanoTime();
        queue.retry(first, delay, "HTTP 503");

        List<LeasedJob> early = queue.lease(RETRY, 10, LONG_LEASE);
        if (since(retriedAt).compareTo(delay) < 0) {
            assertThat(early).as("before its delay").isEmpty();
        }
        LeasedJob again = early.isEmpty() ? leaseUntil(queue, RETRY, 10, 1).getFirst() : early.getFirst();
        assertThat(since(retriedAt)).isGreaterThanOrEqualTo(delay.minusMillis(20));
        assertThat(again.job()).isEqualTo(job);
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();

        queue.retry(again, Duration.ZERO, "HTTP 503");
        assertThat(leaseUntil(queue, RETRY, 10, 1).getFirst().attempts()).isEqualTo(2);
        WebhookJob fresh = job("fresh");
        queue.enqueue(List.of(fresh));
        assertThat(queue.lease(RETRY, 10, LONG_LEASE)).isEmpty();
        assertThat(ids(queue.lease(FIRST, 10, LONG_LEASE))).containsExactly(fresh.id());
    }

    @Test
    void deferredJobKeepsItsAttemptsAndLastError() {
        queue.enqueue(List.of(job("tried"), job("untried")));
        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, 2));
        LeasedJob tried = leased.get(0);
        LeasedJob untried = leased.get(1);
        assertThat(untried.lastError()).isNull();
        queue.retry(tried, Duration.ZERO, "HTTP 500");
        LeasedJob failedOnce = leaseUntil(queue, RETRY, 10, 1).getFirst();
        assertThat(failedOnce.attempts()).isEqualTo(1);
        assertThat(failedOnce.lastError()).isEqualTo("HTTP 500");

        Duration delay = Duration.ofMillis(300);
        long deferredAt = System.nanoTime();
        queue.defer(failedOnce, delay);
        queue.defer(untried, delay);

        List<LeasedJob> back = sortedById(leaseUntil(queue, RETRY, 10, 2));
        assertThat(since(deferredAt)).isGreaterThanOrEqualTo(delay.minusMillis(20));
        assertThat(back).extracting(l -> l.job().id()).containsExactly("tried", "untried");
        assertThat(back).extracting(LeasedJob::attempts).as("a deferral is no attempt").containsExactly(1, 0);
        assertThat(back.get(0).lastError()).isEqualTo("HTTP 500");
        assertThat(back.get(1).lastError()).isNull();
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        queue.deadLetter(back.get(1), "timed out");
        assertThat(queue.deadLetters(10)).singleElement().extracting(DeadJob::attempts).isEqualTo(1);
    }

    @Test
    void locatesQueuedDeadAndDeliveredJobs() {
        queue.enqueue(jobs("where", 4));
        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, 4));
        queue.complete(leased.get(0));
        queue.retry(leased.get(1), Duration.ofMinutes(10), "HTTP 502");
        queue.deadLetter(leased.get(2), "gone");
        queue.enqueue(List.of(job("where-ready")));

        Map<String, JobLocation> found = queue.locate(List.of("where-0", "where-1", "where-2", "where-3", "where-ready", "nowhere"));

        assertThat(found).containsOnlyKeys("where-1", "where-2", "where-3", "where-ready");
        assertThat(found.get("where-1")).isEqualTo(new JobLocation("where-1", JobLocation.State.QUEUED, 1, "HTTP 502"));
        assertThat(found.get("where-2")).isEqualTo(new JobLocation("where-2", JobLocation.State.DEAD, 1, "gone"));
        assertThat(found.get("where-3")).as("leased").isEqualTo(new JobLocation("where-3", JobLocation.State.QUEUED, 0, null));
        assertThat(found.get("where-ready")).isEqualTo(new JobLocation("where-ready", JobLocation.State.QUEUED, 0, null));
        assertThat(queue.locate(List.of())).isEmpty();

        queue.replay(List.of("where-2"));
        assertThat(queue.locate(List.of("where-2"))).containsEntry("where-2",
                new JobLocation("where-2", JobLocation.State.QUEUED, 0, null));
    }

    @Test
    void expiredLeaseIsRedeliveredToAnotherConsumer() {
        WebhookJob job = job("x");
        queue.enqueue(List.of(job));
        WebhookQueue other = track(reopen());
        long leasedAt = System.nanoTime();
        LeasedJob abandoned = queue.lease(FIRST, 10, SHORT_LEASE).getFirst();

        List<LeasedJob> early = other.lease(FIRST, 10, SHORT_LEASE);
        if (since(leasedAt).compareTo(SHORT_LEASE) < 0) {
            assertThat(early).as("while the lease holds").isEmpty();
        }
        LeasedJob taken = early.isEmpty() ? leaseUntil(other, FIRST, 10, 1, SHORT_LEASE).getFirst() : early.getFirst();

        assertThat(taken.job()).isEqualTo(job);
        assertThat(taken.attempts()).as("a lease that ran out is not an attempt").isEqualTo(abandoned.attempts());
        other.complete(taken);
        assertNothingLeasableFor(Duration.ofMillis(600), queue, other);
    }

    @Test
    void aSenderWhoseLeaseWasTakenOverCannotMoveTheJob() {
        assumeTrue(refusesTakenOverLeases(), this + " lets a sender whose lease ran out still act on the job");
        queue.enqueue(List.of(job("stale")));
        WebhookQueue other = track(reopen());
        LeasedJob stale = queue.lease(FIRST, 10, SHORT_LEASE).getFirst();
        LeasedJob current = leaseUntil(other, FIRST, 10, 1, SHORT_LEASE).getFirst();

        queue.retry(stale, Duration.ZERO, "late failure");
        queue.deadLetter(stale, "late give-up");

        assertThat(queue.stats()).extracting(QueueStats::delayed, QueueStats::dead).containsExactly(0L, 0L);
        assertThat(other.lease(RETRY, 10, SHORT_LEASE)).isEmpty();
        other.complete(current);
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    }

    @Test
    void completedJobIsNeverRedelivered() {
        queue.enqueue(jobs("c", 3));
        List<LeasedJob> leased = leaseUntil(queue, FIRST, 10, 3);

        leased.forEach(queue::complete);

        assertNothingLeasableFor(Duration.ofMillis(700), queue);
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    }

    @Test
    void deadLetteredJobIsListedAndReplayable() {
        List<WebhookJob> jobs = jobs("d", 3);
        queue.enqueue(jobs);
        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, 3));
        queue.deadLetter(leased.get(0), "gone 410");
        queue.retry(leased.get(1), Duration.ZERO, "HTTP 500");
        queue.deadLetter(leaseUntil(queue, RETRY, 10, 1).getFirst(), "timed out");
        queue.deadLetter(leased.get(2), "window over");

        List<DeadJob> dead = queue.deadLetters(10);
        assertThat(dead).extracting(DeadJob::job).containsExactly(jobs.get(0), jobs.get(1), jobs.get(2));
        assertThat(dead).extracting(DeadJob::attempts).containsExactly(1, 2, 1);
        assertThat(dead).extracting(DeadJob::lastError).containsExactly("gone 410", "timed out", "window over");
        assertThat(dead).allSatisfy(d -> assertThat(d.deadAtMillis()).isPositive());
        assertThat(queue.deadLetters(2)).hasSize(2);
        assertThat(queue.stats().dead()).isEqualTo(3);

        long replayedFrom = System.currentTimeMillis();
        assertThat(queue.replay(List.of(jobs.get(1).id(), "no-such-job"))).isEqualTo(1);
        assertFreshReplays(leaseUntil(queue, FIRST, 10, 1), List.of(jobs.get(1)), replayedFrom);
        assertThat(queue.deadLetters(10)).extracting(d -> d.job().id()).containsExactly(jobs.get(0).id(), jobs.get(2).id());

        replayedFrom = System.currentTimeMillis();
        assertThat(queue.replay(List.of())).isEqualTo(2);
        assertThat(queue.deadLetters(10)).isEmpty();
        assertFreshReplays(sortedById(leaseUntil(queue, FIRST, 10, 2)), List.of(jobs.get(0), jobs.get(2)), replayedFrom);
        assertThat(queue.lease(RETRY, 10, LONG_LEASE)).isEmpty();
        assertThat(queue.stats().dead()).isZero();
    }

    @Test
    void replayedJobStartsAFreshRetryWindow() {
        long anHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        List<WebhookJob> old = jobs("old", 2).stream()
                .map(j -> new WebhookJob(j.id(), j.appId(), j.endpointUrl(), j.body(), anHourAgo))
                .toList();
        queue.enqueue(old);
        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, 2));
        assertThat(leased).extracting(LeasedJob::job).containsExactlyElementsOf(old);
        queue.retry(leased.get(0), Duration.ZERO, "HTTP 500");
        queue.deadLetter(leaseUntil(queue, RETRY, 10, 1).getFirst(), "window over");
        queue.deadLetter(leased.get(1), "window over");
        assertThat(queue.deadLetters(10)).extracting(DeadJob::job).as("a dead letter keeps its creation time")
                .containsExactlyElementsOf(old);

        long replayedFrom = System.currentTimeMillis();
        assertThat(queue.replay(List.of(old.get(0).id()))).isEqualTo(1);
        assertFreshReplays(leaseUntil(queue, FIRST, 10, 1), old.subList(0, 1), replayedFrom);

        replayedFrom = System.currentTimeMillis();
        assertThat(queue.replay(List.of())).isEqualTo(1);
        assertFreshReplays(leaseUntil(queue, FIRST, 10, 1), old.subList(1, 2), replayedFrom);
    }

    @Test
    void replayingAllBringsBackEveryDeadLetterHoweverMany() {
        int total = 250;
        queue.enqueue(jobs("many", total));
        leaseUntil(queue, FIRST, 100, total).forEach(l -> queue.deadLetter(l, "gone"));
        assertThat(queue.stats().dead()).isEqualTo(total);

        assertThat(queue.replay(List.of())).isEqualTo(total);

        assertThat(queue.deadLetters(total)).isEmpty();
        assertThat(queue.stats().ready()).isEqualTo(total);
    }

    @Test
    void statsCountReadyDelayedInFlightDeadAndOldestAge() {
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
        queue.enqueue(jobs("s", 4));
        awaitCondition(() -> queue.stats().oldestReadyAgeMillis() >= 100);

        List<LeasedJob> leased = leaseUntil(queue, FIRST, 3, 3);
        queue.retry(leased.get(0), Duration.ofMinutes(10), "HTTP 502");
        queue.deadLetter(leased.get(1), "gone");

        QueueStats stats = queue.stats();
        assertThat(stats.ready()).as("ready").isEqualTo(1);
        assertThat(stats.delayed()).as("delayed").isEqualTo(1);
        assertThat(stats.inFlight()).as("in flight").isEqualTo(1);
        assertThat(stats.dead()).as("dead").isEqualTo(1);
        assertThat(stats.oldestReadyAgeMillis()).isGreaterThanOrEqualTo(100).isLessThan(60_000);

        queue.complete(leased.get(2));
        queue.complete(leaseUntil(queue, FIRST, 10, 1).getFirst());
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 1, 0, 1, 0));
    }

    @Test
    void competingConsumersNeverHoldTheSameJob() throws Exception {
        int total = 2000;
        for (int from = 0; from < total; from += 200) {
            queue.enqueue(jobs("cc" + from + "-", 200));
        }
        List<WebhookQueue> consumers = List.of(queue, queue, track(reopen()), track(reopen()));
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();

        ExecutorService pool = Executors.newFixedThreadPool(consumers.size());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (WebhookQueue consumer : consumers) {
                workers.add(pool.submit(() -> {
                    while (completed.get() < total && !Thread.currentThread().isInterrupted()) {
                        for (LeasedJob leased : consumer.lease(FIRST, 25, LONG_LEASE)) {
                            deliveries.computeIfAbsent(leased.job().id(), k -> new AtomicInteger()).incrementAndGet();
                            consumer.complete(leased);
                            completed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            awaitCondition(Duration.ofSeconds(90), () -> completed.get() >= total || workers.stream().anyMatch(Future::isDone));
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(deliveries).hasSize(total);
        assertThat(deliveries.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(queue.stats()).isEqualTo(new QueueStats(0, 0, 0, 0, 0));
    }

    @Test
    void jobsSurviveReopening() {
        List<WebhookJob> jobs = jobs("p", 4);
        queue.enqueue(jobs.subList(0, 3));
        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, 3, SHORT_LEASE));
        queue.enqueue(jobs.subList(3, 4));
        queue.retry(leased.get(1), Duration.ofMillis(200), "HTTP 500");
        queue.deadLetter(leased.get(2), "gone");
        queue.close();

        WebhookQueue reopened = track(reopen());

        List<LeasedJob> first = sortedById(leaseUntil(reopened, FIRST, 10, 2, SHORT_LEASE));
        assertThat(first).extracting(LeasedJob::job).as("the never-leased job and the one whose holder went away")
                .containsExactly(jobs.get(0), jobs.get(3));
        LeasedJob retried = leaseUntil(reopened, RETRY, 10, 1).getFirst();
        assertThat(retried.job()).isEqualTo(jobs.get(1));
        assertThat(retried.attempts()).isEqualTo(1);
        assertThat(reopened.deadLetters(10)).extracting(DeadJob::job).containsExactly(jobs.get(2));
    }

    @Test
    void bodiesRoundTripExactly() {
        List<WebhookJob> odd = List.of(
                new WebhookJob("u-1", "app-ü", "https://example.com/hook?a=1&b=\"2\"", "{\"text\":\"héllo wörld ✓ 日本語 🎉 \\\"quoted\\\" \\\\ \\n\"}", 1_700_000_000_123L),
                new WebhookJob("u-2", "app", "http://127.0.0.1:9/x", "'single' \"double\" `back` \t tab\r\nnewline", 1L),
                new WebhookJob("u-3", "app", "http://h/", bigBody(10 * 1024), System.currentTimeMillis()),
                new WebhookJob("u-4", "app", "http://h/", "", 0L));
        queue.enqueue(odd);

        List<LeasedJob> leased = sortedById(leaseUntil(queue, FIRST, 10, odd.size()));
        assertThat(leased).extracting(LeasedJob::job).containsExactlyElementsOf(odd);

        leased.forEach(l -> queue.retry(l, Duration.ZERO, "err ✓ \"x\""));
        List<LeasedJob> retried = sortedById(leaseUntil(queue, RETRY, 10, odd.size()));
        assertThat(retried).extracting(LeasedJob::job).containsExactlyElementsOf(odd);

        retried.forEach(l -> queue.deadLetter(l, "dead ✓ \"x\""));
        assertThat(queue.deadLetters(10)).extracting(DeadJob::job).containsExactlyInAnyOrderElementsOf(odd);
        assertThat(queue.deadLetters(10)).extracting(DeadJob::lastError).containsOnly("dead ✓ \"x\"");
        long replayedFrom = System.currentTimeMillis();
        assertThat(queue.replay(List.of())).isEqualTo(odd.size());
        assertFreshReplays(sortedById(leaseUntil(queue, FIRST, 10, odd.size())), odd, replayedFrom);
    }

    /**
     * Checks that {@code leased} are {@code originals} replayed: the same id, app, URL and body,
     * no attempts, and created by the replay (at or after {@code replayedFrom}), not before.
     */
    private static void assertFreshReplays(List<LeasedJob> leased, List<WebhookJob> originals, long replayedFrom) {
        long now = System.currentTimeMillis();
        assertThat(leased).extracting(LeasedJob::job)
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("createdAtMillis")
                .containsExactlyElementsOf(originals);
        assertThat(leased).allSatisfy(l -> {
            assertThat(l.attempts()).as("attempts of replayed " + l.job().id()).isZero();
            assertThat(l.job().createdAtMillis()).as("creation time of replayed " + l.job().id()).isBetween(replayedFrom, now);
        });
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }

    private static String bigBody(int length) {
        int[] alphabet = "abcdefghij\"\\{}[]:,é✓日🎉 ".codePoints().toArray();
        StringBuilder body = new StringBuilder(length);
        IntStream.range(0, length).forEach(i -> body.appendCodePoint(alphabet[i % alphabet.length]));
        return body.toString();
    }

    private static List<LeasedJob> sortedById(List<LeasedJob> leased) {
        return leased.stream().sorted((a, b) -> a.job().id().compareTo(b.job().id())).toList();
    }

    private void assertNothingLeasableFor(Duration period, WebhookQueue... consumers) {
        awaitDuring(period, () -> {
            for (WebhookQueue consumer : consumers) {
                for (Lane lane : Lane.values()) {
                    if (!consumer.lease(lane, 10, SHORT_LEASE).isEmpty()) {
                        return false;
                    }
                }
            }
            return true;
        });
    }
}
