package io.herald.app;

import io.herald.webhook.WebhookEventType;
import java.util.List;
import java.util.Map;

/**
 * One webhook target of an app: where to POST, which event types it wants, optional channel-name
 * filters (both must match when set), extra headers, and an optional Standard Webhooks secret
 * ({@code whsec_...}) that adds {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers.
 */
public record WebhookEndpoint(
        String url,
        List<String> eventTypes,
        String channelPrefix,
        String channelSuffix,
        Map<String, String> headers,
        String standardWebhooksSecret) {

    public WebhookEndpoint {
        eventTypes = List.copyOf(eventTypes);
        headers = Map.copyOf(headers);
    }

    /** True when this endpoint wants the event type on this channel; user events have no channel to filter. */
    public boolean wants(WebhookEventType type, String channel) {
        return eventTypes.contains(type.wireName())
                && (type.aboutUser() || wantsChannel(channel));
    }

    private boolean wantsChannel(String channel) {
        return (channelPrefix.isEmpty() || channel.startsWith(channelPrefix))
                && (channelSuffix.isEmpty() || channel.endsWith(channelSuffix));
    }

    @Override
    public String toString() {
        return "WebhookEndpoint[url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}
