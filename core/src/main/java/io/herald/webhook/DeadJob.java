package io.herald.webhook;

/** A job whose retry window ran out, kept for an operator to inspect and replay. */
public record DeadJob(WebhookJob job, int attempts, String lastError, long deadAtMillis) {}
