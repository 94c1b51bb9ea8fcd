package io.herald.protocol;

import static io.herald.json.JsonText.appendQuoted;

import io.herald.json.JsonText;

/**
 * The exact server-to-client message shapes of docs/protocol.md ("From Herald"), as JSON text. Channel
 * events carry {@code data} as a JSON-encoded string; {@code pusher:error} and
 * {@code pusher:signin_success} carry an object.
 */
public final class PusherMessages {

    public static final String PONG = "{\"event\":\"pusher:pong\",\"data\":{}}";
    public static final String PING = "{\"event\":\"pusher:ping\",\"data\":{}}";

    private PusherMessages() {}

    /** A channel event: {@code data} is the string as published, {@code userId} may be null. */
    public static String channelEvent(String event, String channel, String data, String userId) {
        StringBuilder out = new StringBuilder(48 + event.length() + channel.length() + data.length());
        out.append("{\"event\":");
        appendQuoted(out, event).append(",\"channel\":");
        appendQuoted(out, channel).append(",\"data\":");
        appendQuoted(out, data);
        if (userId != null) {
            appendQuoted(out.append(",\"user_id\":"), userId);
        }
        return out.append('}').toString();
    }

    /** A client event whose {@code data} arrived as a JSON object (pusher-js): relayed as JSON. */
    public static String clientEventWithRawData(String event, String channel, String rawJsonData, String userId) {
        StringBuilder out = new StringBuilder(48 + event.length() + channel.length() + rawJsonData.length());
        out.append("{\"event\":");
        appendQuoted(out, event).append(",\"channel\":");
        appendQuoted(out, channel).append(",\"data\":").append(rawJsonData);
        if (userId != null) {
            appendQuoted(out.append(",\"user_id\":"), userId);
        }
        return out.append('}').toString();
    }

    public static String connectionEstablished(String socketId, int activityTimeoutSeconds) {
        String data = "{\"socket_id\":" + JsonText.quote(socketId) + ",\"activity_timeout\":" + activityTimeoutSeconds + "}";
        return "{\"event\":\"pusher:connection_established\",\"data\":" + JsonText.quote(data) + "}";
    }

    /** {@code pusher:error}; {@code code} null for Pusher's generic errors. */
    public static String error(Integer code, String message) {
        StringBuilder out = new StringBuilder(64 + message.length());
        out.append("{\"event\":\"pusher:error\",\"data\":{\"code\":").append(code == null ? "null" : code.toString())
                .append(",\"message\":");
        appendQuoted(out, message);
        return out.append("}}").toString();
    }

    /**
     * A subscription failure routed to the channel (pusher-js emits it on the channel, Laravel
     * Echo's {@code .error()} sees it): {@code data} is {@code {type, error, status}}.
     */
    public static String subscriptionError(String channel, String type, String error, int status) {
        StringBuilder out = new StringBuilder(96 + channel.length() + error.length());
        out.append("{\"event\":\"pusher:subscription_error\",\"channel\":");
        appendQuoted(out, channel).append(",\"data\":{\"type\":");
        appendQuoted(out, type).append(",\"error\":");
        appendQuoted(out, error).append(",\"status\":").append(status);
        return out.append("}}").toString();
    }

    /** {@code pusher_internal:subscription_succeeded}; {@code data} is JSON text, sent as a string. */
    public static String subscriptionSucceeded(String channel, String dataJson) {
        return internal("pusher_internal:subscription_succeeded", channel, dataJson);
    }

    public static String memberAdded(String channel, String userId, String userInfoJson) {
        return internal("pusher_internal:member_added", channel,
                "{\"user_id\":" + JsonText.quote(userId) + ",\"user_info\":" + userInfoJson + "}");
    }

    public static String memberRemoved(String channel, String userId) {
        return internal("pusher_internal:member_removed", channel, "{\"user_id\":" + JsonText.quote(userId) + "}");
    }

    public static String cacheMiss(String channel) {
        StringBuilder out = new StringBuilder(64 + channel.length()).append("{\"event\":\"pusher:cache_miss\",\"channel\":");
        appendQuoted(out, channel);
        return out.append(",\"data\":\"{}\"}").toString();
    }

    public static String subscriptionCount(String channel, int count) {
        return internal("pusher_internal:subscription_count", channel, "{\"subscription_count\":" + count + "}");
    }

    public static String signinSuccess(String userData) {
        StringBuilder out = new StringBuilder(64 + userData.length()).append("{\"event\":\"pusher:signin_success\",\"data\":{\"user_data\":");
        appendQuoted(out, userData);
        return out.append("}}").toString();
    }

    /** {@code pusher_internal:watchlist_events} with one entry per status change. */
    public static String watchlistEvents(String name, Iterable<String> userIds) {
        StringBuilder out = new StringBuilder(96).append("{\"event\":\"pusher_internal:watchlist_events\",\"data\":{\"events\":[{\"name\":");
        appendQuoted(out, name).append(",\"user_ids\":[");
        boolean first = true;
        for (String id : userIds) {
            if (!first) {
                out.append(',');
            }
            appendQuoted(out, id);
            first = false;
        }
        return out.append("]}]}}").toString();
    }

    private static String internal(String event, String channel, String dataJson) {
        StringBuilder out = new StringBuilder(48 + channel.length() + dataJson.length());
        out.append("{\"event\":\"").append(event).append("\",\"channel\":");
        appendQuoted(out, channel).append(",\"data\":");
        appendQuoted(out, dataJson);
        return out.append('}').toString();
    }
}
