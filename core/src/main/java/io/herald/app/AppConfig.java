package io.herald.app;

import java.util.List;

/**
 * One application as configured: its credentials, switches and limits. Every field has a
 * documented default in {@code defaults.yaml}.
 */
public record AppConfig(
        String id,
        String key,
        String secret,
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
        List<WebhookEndpoint> webhooks) {

    public AppConfig {
        webhooks = List.copyOf(webhooks);
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
