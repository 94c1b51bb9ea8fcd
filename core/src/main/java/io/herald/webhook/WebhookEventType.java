package io.herald.webhook;

import java.util.Locale;

/** The webhook events of docs/webhooks.md, by their wire names. */
public enum WebhookEventType {
    CHANNEL_OCCUPIED,
    CHANNEL_VACATED,
    MEMBER_ADDED,
    MEMBER_REMOVED,
    CLIENT_EVENT,
    CACHE_MISS,
    SUBSCRIPTION_COUNT;

    /** channel_occupied, member_added, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WebhookEventType fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
