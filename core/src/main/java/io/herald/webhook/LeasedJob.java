package io.herald.webhook;

/**
 * A job taken from a {@link WebhookQueue} by one sender: {@code attempts} counts the attempts made
 * before this one; {@code lease} is driver-specific and identifies this hold on the job.
 */
public record LeasedJob(WebhookJob job, int attempts, String lease) {}
