package io.herald.webhook;

/**
 * One webhook request waiting to be delivered: the exact body to POST (already holding
 * {@code time_ms} and its events) to one endpoint of one app. The id is stable across every
 * attempt and is sent as a header so receivers can drop duplicates. The signature is not stored:
 * the sender signs with the app's current secret, so the queue never holds a secret.
 *
 * <p>A debounced event ({@code channel_vacated}, {@code member_removed}, {@code user_offline}) is
 * enqueued at once but due only at {@code dueAtMillis}, under a {@code cancelKey}: until it is
 * due, {@link WebhookQueue#cancel} with that key removes it (the channel, member or user came
 * back). Both are only what the job was enqueued with: a leased job carries 0 and null.
 */
public record WebhookJob(String id, String appId, String endpointUrl, String body, long createdAtMillis,
        long dueAtMillis, String cancelKey) {

    /** A job due at once that nothing cancels. */
    public WebhookJob(String id, String appId, String endpointUrl, String body, long createdAtMillis) {
        this(id, appId, endpointUrl, body, createdAtMillis, 0, null);
    }
}
