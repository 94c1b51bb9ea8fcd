package io.herald.app;

import io.herald.webhook.WebhookEventType;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One application as configured: its credentials, switches and limits. Every field has a
 * documented default in {@code defaults.yaml}.
 */
public record AppConfig(
        String id,
        String key,
        String secret,
        String previousSecret,
        String previousSecretExpiresAt,
        boolean enabled,
        boolean clientEvents,
        int clientEventsPerSecond,
        boolean encryptedClientEvents,
        boolean userAuthentication,
        int userAuthenticationTimeout,
        boolean subscriptionCount,
        int maxConnections,
        int maxPresenceMembers,
        int maxPresenceMemberSize,
        int maxUserIdLength,
        int maxEventSize,
        int maxChannelNameLength,
        int maxEventNameLength,
        int maxChannelsPerPublish,
        int maxBatchSize,
        int maxChannelsPerConnection,
        int maxWatchlistSize,
        int cacheTtl,
        int terminateCloseCode,
        int maxBackendEventsPerSecond,
        int maxReadRequestsPerSecond,
        List<String> allowedOrigins,
        List<WebhookEndpoint> webhooks) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-.]{1,100}");

    public AppConfig {
        webhooks = List.copyOf(webhooks);
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Whether an id or key is well formed: letters, digits, '-', '_' and '.', 1 to 100 of them. No
     * app has another, so a lookup of one needs no store.
     */
    public static boolean isWellFormedName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * Whether a signature made with {@link #previousSecret} is still accepted at {@code nowMillis}:
     * during a secret rotation's grace period, until {@link #previousSecretExpiresAt} (ISO-8601).
     */
    public boolean acceptsPreviousSecret(long nowMillis) {
        return !previousSecret.isEmpty() && !previousSecretExpiresAt.isEmpty()
                && nowMillis < Instant.parse(previousSecretExpiresAt).toEpochMilli();
    }

    /** Whether any webhook endpoint of the app wants this event type on this channel (null for user events). */
    public boolean wantsWebhook(WebhookEventType type, String channel) {
        for (WebhookEndpoint endpoint : webhooks) {
            if (endpoint.wants(type, channel)) {
                return true;
            }
        }
        return false;
    }

    /** The credentials shipped for development; a node serving them says so loudly. */
    public boolean isDemo() {
        return "app-secret".equals(secret);
    }

    @Override
    public String toString() {
        return "AppConfig[id=" + id + ", key=" + key + ", secret=<redacted>, enabled=" + enabled + "]";
    }
}
