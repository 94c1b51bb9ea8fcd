package io.herald.webhook;

/**
 * A job taken from a {@link WebhookQueue} by one sender: {@code attempts} counts the failed
 * requests made before this lease, {@code lastError} is the error of the last of them (null when
 * none failed yet); {@code lease} is driver-specific and identifies this hold on the job.
 */
public record LeasedJob(WebhookJob job, int attempts, String lease, String lastError) {

    /** A job leased before any request for it failed. */
    public LeasedJob(WebhookJob job, int attempts, String lease) {
        this(job, attempts, lease, null);
    }
}
