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
    SUBSCRIPTION_COUNT,
    /** A signed-in user's first connection anywhere in the cluster (Herald's own; opt-in). */
    USER_ONLINE,
    /** A signed-in user's last connection gone, after the debounce (Herald's own; opt-in). */
    USER_OFFLINE;

    /** Events about a user rather than a channel: no channel, and channel filters do not apply. */
    public boolean aboutUser() {
        return this == USER_ONLINE || this == USER_OFFLINE;
    }

    /** channel_occupied, member_added, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WebhookEventType fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
