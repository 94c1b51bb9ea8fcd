package io.herald.webhook;

import io.herald.json.JsonText;

/**
 * One event of a webhook body, with the fields Pusher sends for its type: user ids, socket ids and
 * client-event data are always JSON strings (pusher-http-go decodes them into strings).
 */
public record WebhookEvent(
        WebhookEventType type,
        String channel,
        String userId,
        String event,
        String data,
        String socketId,
        int subscriptionCount) {

    public static WebhookEvent channelOccupied(String channel) {
        return new WebhookEvent(WebhookEventType.CHANNEL_OCCUPIED, channel, null, null, null, null, 0);
    }

    public static WebhookEvent channelVacated(String channel) {
        return new WebhookEvent(WebhookEventType.CHANNEL_VACATED, channel, null, null, null, null, 0);
    }

    public static WebhookEvent memberAdded(String channel, String userId) {
        return new WebhookEvent(WebhookEventType.MEMBER_ADDED, channel, userId, null, null, null, 0);
    }

    public static WebhookEvent memberRemoved(String channel, String userId) {
        return new WebhookEvent(WebhookEventType.MEMBER_REMOVED, channel, userId, null, null, null, 0);
    }

    /** {@code userId} only on presence channels; {@code data} as a string whatever the client sent. */
    public static WebhookEvent clientEvent(String channel, String event, String data, String socketId, String userId) {
        return new WebhookEvent(WebhookEventType.CLIENT_EVENT, channel, userId, event, data, socketId, 0);
    }

    public static WebhookEvent cacheMiss(String channel) {
        return new WebhookEvent(WebhookEventType.CACHE_MISS, channel, null, null, null, null, 0);
    }

    public static WebhookEvent subscriptionCount(String channel, int count) {
        return new WebhookEvent(WebhookEventType.SUBSCRIPTION_COUNT, channel, null, null, null, null, count);
    }

    public static WebhookEvent userOnline(String userId) {
        return new WebhookEvent(WebhookEventType.USER_ONLINE, null, userId, null, null, null, 0);
    }

    public static WebhookEvent userOffline(String userId) {
        return new WebhookEvent(WebhookEventType.USER_OFFLINE, null, userId, null, null, null, 0);
    }

    /** The event object as it appears in a webhook body's {@code events} array. */
    public String toJson() {
        StringBuilder out = new StringBuilder(64);
        out.append("{\"name\":\"").append(type.wireName()).append('"');
        if (channel != null) {
            JsonText.appendQuoted(out.append(",\"channel\":"), channel);
        }
        switch (type) {
            case MEMBER_ADDED, MEMBER_REMOVED, USER_ONLINE, USER_OFFLINE ->
                    JsonText.appendQuoted(out.append(",\"user_id\":"), userId);
            case CLIENT_EVENT -> {
                JsonText.appendQuoted(out.append(",\"event\":"), event);
                JsonText.appendQuoted(out.append(",\"data\":"), data);
                if (socketId != null) {
                    JsonText.appendQuoted(out.append(",\"socket_id\":"), socketId);
                }
                if (userId != null) {
                    JsonText.appendQuoted(out.append(",\"user_id\":"), userId);
                }
            }
            case SUBSCRIPTION_COUNT -> out.append(",\"subscription_count\":").append(subscriptionCount);
            default -> { }
        }
        return out.append('}').toString();
    }
}
