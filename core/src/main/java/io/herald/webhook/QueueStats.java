package io.herald.webhook;

/**
 * The backlog of a webhook queue: ready jobs (due now), delayed retries, jobs leased by senders,
 * dead letters, and the age of the oldest ready job (0 when none) for autoscalers.
 */
public record QueueStats(long ready, long delayed, long inFlight, long dead, long oldestReadyAgeMillis) {}
