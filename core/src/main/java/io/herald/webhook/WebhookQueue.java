package io.herald.webhook;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable queue between the nodes that detect webhook events and the senders that deliver
 * them. Drivers: SQLite (embedded default), Redis Streams, NATS JetStream; each passes the same
 * contract suite.
 *
 * <p>Guarantees every driver gives:
 * <ul>
 *   <li><b>Durable enqueue.</b> When {@link #enqueue} returns, the jobs survive a crash of this
 *       process (and, for networked drivers, a restart of the server as far as its persistence
 *       allows). An event counts as accepted only then.</li>
 *   <li><b>At least once.</b> A leased job is delivered again if its sender neither completes,
 *       retries nor dead-letters it before the lease ends (the sender died). Duplicates are
 *       bounded by the jobs in flight when a sender died.</li>
 *   <li><b>Competing consumers.</b> Any number of senders, in any number of processes, may lease
 *       concurrently; a job is held by one lease at a time.</li>
 *   <li><b>Lanes.</b> {@link Lane#FIRST} leases only jobs never attempted, {@link Lane#RETRY}
 *       only jobs that failed before, so a storm of retries cannot starve fresh events.</li>
 *   <li>No ordering is promised between jobs.</li>
 * </ul>
 * Methods may block on I/O and are safe to call from several threads; they are not called on
 * event loops. A driver that loses its server throws {@link WebhookQueueException}; callers retry
 * (a networked call that failed may still have taken effect: see there).
 */
public interface WebhookQueue extends AutoCloseable {

    enum Lane { FIRST, RETRY }

    /**
     * Stores the jobs durably, in one write where the store allows (one SQLite transaction, one
     * Redis script): ready at once, or at {@link WebhookJob#dueAtMillis()} when that is later.
     */
    void enqueue(List<WebhookJob> jobs);

    /**
     * Removes the jobs enqueued with these {@link WebhookJob#cancelKey() cancel keys} that are not
     * due yet (a debounced event whose channel, member or user came back); a job already due,
     * leased or delivered stays. Returns the keys that removed a job. Drivers that cannot remove a
     * stored job by key return none (see there): the debounced event is then sent, followed by
     * the event that came back, which is true if not as short.
     */
    Set<String> cancel(Collection<String> cancelKeys);

    /**
     * Whether {@link #cancel} can remove a debounced job. When it cannot (NATS), senders inside a
     * cluster drop instead, at send time, a debounced end whose channel, member or user is present
     * again.
     */
    default boolean cancels() {
        return true;
    }

    /** Leases up to {@code max} ready jobs of the lane for {@code lease}; may return fewer or none. */
    List<LeasedJob> lease(Lane lane, int max, Duration lease);

    /** The job was delivered: it leaves the queue. */
    void complete(LeasedJob job);

    /** The attempt failed: the job becomes ready again (in the retry lane) after {@code delay}. */
    void retry(LeasedJob job, Duration delay, String error);

    /**
     * The job was put back without a request (its endpoint's breaker is open, or the endpoint is
     * at its concurrency cap): it becomes ready again in the retry lane after {@code delay}, with
     * its attempts and last error unchanged.
     */
    void defer(LeasedJob job, Duration delay);

    /** The job's retry window ran out: it moves to the dead letters. */
    void deadLetter(LeasedJob job, String error);

    /** Dead letters, oldest first, at most {@code limit}. */
    List<DeadJob> deadLetters(int limit);

    /**
     * Moves dead letters back to the queue as fresh jobs: first lane, attempts reset, and
     * {@link WebhookJob#createdAtMillis()} set to the time of the replay, so the job gets a whole
     * new retry window rather than one attempt. Its id and body are unchanged: receivers still drop
     * duplicates by id, and the body's {@code time_ms} still says when the events happened. All
     * dead letters when {@code ids} is empty. Returns how many were replayed.
     */
    int replay(List<String> ids);

    /**
     * Where each of these jobs is now, by id; a job the queue no longer holds (delivered, or never
     * enqueued) has no entry. For operators' commands, not the delivery path: drivers without an
     * index by id read through their queued jobs.
     */
    Map<String, JobLocation> locate(Collection<String> ids);

    QueueStats stats();

    @Override
    void close();
}
