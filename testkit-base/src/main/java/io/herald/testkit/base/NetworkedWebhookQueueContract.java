package io.herald.testkit.base;

import static io.herald.webhook.WebhookQueue.Lane.FIRST;
import static io.herald.webhook.WebhookQueue.Lane.RETRY;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.webhook.LeasedJob;
import java.time.Duration;
import java.util.List;

/**
 * The contract plus what a driver talking to a server must survive: the server killed and
 * restarted with its data, restarted empty, or wiped behind the queue's back. Subclasses name the
 * cases after their server ({@code survivesARedisRestart}) and call the scenarios here. The queue
 * object is never recreated: it must find its way back by itself.
 */
public abstract class NetworkedWebhookQueueContract extends WebhookQueueContract {

    /** The server {@link #newQueue()} talks to. */
    protected abstract ServerProcess server();

    /** Deletes everything the queue stored, behind its back, while the server keeps running. */
    protected abstract void wipeStore();

    /** Killed with SIGKILL: calls fail promptly; restarted with its data: the jobs are there and the queue works. */
    protected final void survivesARestartWithItsData() {
        queue.enqueue(jobs("before", 2));

        server().kill();
        assertFailsPromptly(() -> queue.enqueue(jobs("during", 1)));
        assertFailsPromptly(() -> queue.lease(FIRST, 10, LONG_LEASE));
        assertFailsPromptly(() -> queue.stats());
        server().restart();
        awaitCondition(() -> succeeds(queue::stats));

        List<LeasedJob> kept = leaseUntil(queue, FIRST, 10, 2);
        assertThat(ids(kept)).containsExactlyInAnyOrder("before-0", "before-1");
        kept.forEach(queue::complete);
        assertBothLanesWork();
    }

    /** Restarted without its data: the queue recreates what it needs and works. */
    protected final void survivesARestartWithoutItsData() {
        queue.enqueue(jobs("lost", 1));

        server().restartEmpty();

        awaitCondition(() -> succeeds(queue::stats));
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        assertBothLanesWork();
    }

    /** Wiped while running: the queue recreates what it needs and works. */
    protected final void survivesItsStoreBeingWiped() {
        queue.enqueue(jobs("wiped", 1));
        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).hasSize(1);

        wipeStore();

        assertThat(queue.lease(FIRST, 10, LONG_LEASE)).isEmpty();
        assertBothLanesWork();
        assertThat(queue.stats().ready()).isZero();
    }

    private void assertBothLanesWork() {
        queue.enqueue(jobs("fresh", 1));
        LeasedJob fresh = leaseUntil(queue, FIRST, 10, 1).getFirst();
        assertThat(fresh.job().id()).isEqualTo("fresh-0");
        queue.retry(fresh, Duration.ZERO, "HTTP 500");
        LeasedJob retried = leaseUntil(queue, RETRY, 10, 1).getFirst();
        assertThat(retried.attempts()).isEqualTo(1);
        queue.complete(retried);
    }
}
