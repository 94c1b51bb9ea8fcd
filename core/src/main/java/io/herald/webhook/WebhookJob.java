package io.herald.webhook;

/**
 * One webhook request waiting to be delivered: the exact body to POST (already holding
 * {@code time_ms} and its events) to one endpoint of one app. The id is stable across every
 * attempt and is sent as a header so receivers can drop duplicates. The signature is not stored:
 * the sender signs with the app's current secret, so the queue never holds a secret.
 */
public record WebhookJob(String id, String appId, String endpointUrl, String body, long createdAtMillis) {}
