package io.herald.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Turns one row of soketi's {@code apps} table into the keys of a Herald app, as they stand under
 * {@code apps[]} in the configuration (docs/apps.md has the mapping column by column). Herald's
 * own settings for the app, a JSON object of app keys from {@code herald_app_settings}, are laid
 * over the result. A row that cannot make an app throws {@link BadRowException}.
 */
final class SoketiRows {

    /** The column the join adds with the app's row of herald_app_settings. */
    static final String HERALD_SETTINGS = "herald_settings";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** soketi's limit columns whose value counts as Herald's; -1 or NULL keeps Herald's default. */
    private static final Map<String, String> SIZE_LIMITS = Map.of(
            "max_presence_members_per_channel", "max-presence-members",
            "max_channel_name_length", "max-channel-name-length",
            "max_event_channels_at_once", "max-channels-per-publish",
            "max_event_name_length", "max-event-name-length",
            "max_event_batch_size", "max-batch-size");
    /** soketi's limits in kilobytes, Herald's in bytes. */
    private static final Map<String, String> KILOBYTE_LIMITS = Map.of(
            "max_presence_member_size_in_kb", "max-presence-member-size",
            "max_event_payload_in_kb", "max-event-size");

    private SoketiRows() {}

    /**
     * @param row the row's columns by lower-case name; numbers as {@link Number}, JSON as text
     * @param skippedEndpoints told of each webhook that Herald cannot serve (a Lambda function)
     */
    static ObjectNode appFields(Map<String, Object> row, List<String> skippedEndpoints) {
        ObjectNode app = NODES.objectNode();
        app.put("id", requiredText(row, "id"));
        app.put("key", requiredText(row, "key"));
        app.put("secret", requiredText(row, "secret"));
        // soketi's PostgreSQL schema has enable_stats and no enabled column: such an app is enabled.
        if (row.get("enabled") != null) {
            app.put("enabled", bool(row, "enabled"));
        }
        if (row.get("enable_client_messages") != null) {
            app.put("client-events", bool(row, "enable_client_messages"));
        }
        if (row.get("enable_user_authentication") != null) {
            app.put("user-authentication", bool(row, "enable_user_authentication"));
        }
        // -1 is soketi's "no limit", 0 is Herald's.
        putNoLimitAsZero(app, row, "max_connections", "max-connections");
        putNoLimitAsZero(app, row, "max_client_events_per_sec", "client-events-per-second");
        putNoLimitAsZero(app, row, "max_backend_events_per_sec", "max-backend-events-per-second");
        putNoLimitAsZero(app, row, "max_read_req_per_sec", "max-read-requests-per-second");
        SIZE_LIMITS.forEach((column, key) -> {
            Long value = number(row, column);
            if (value != null && value >= 0) {
                app.put(key, toInt(column, value));
            }
        });
        KILOBYTE_LIMITS.forEach((column, key) -> {
            Long value = number(row, column);
            if (value != null && value >= 0) {
                app.put(key, toInt(column, value * 1024));
            }
        });
        app.set("webhooks", webhooks(row.get("webhooks"), skippedEndpoints));
        Object settings = row.get(HERALD_SETTINGS);
        if (settings != null) {
            JsonNode own = parse(HERALD_SETTINGS, settings.toString());
            if (!own.isObject()) {
                throw new BadRowException("herald_app_settings.settings is not a JSON object");
            }
            app.setAll((ObjectNode) own);
        }
        return app;
    }

    private static ArrayNode webhooks(Object column, List<String> skippedEndpoints) {
        ArrayNode endpoints = NODES.arrayNode();
        if (column == null || column.toString().isBlank()) {
            return endpoints;
        }
        JsonNode hooks = parse("webhooks", column.toString());
        if (!hooks.isArray()) {
            throw new BadRowException("column webhooks is not a JSON array");
        }
        for (JsonNode hook : hooks) {
            if (!hook.isObject()) {
                throw new BadRowException("column webhooks holds " + hook.getNodeType().name().toLowerCase() + ", not an object");
            }
            if (!hook.path("url").isTextual()) {
                skippedEndpoints.add(hook.has("lambda_function")
                        ? "Lambda function " + hook.path("lambda_function").asText() : "a webhook without url");
                continue;
            }
            ObjectNode endpoint = endpoints.addObject();
            endpoint.put("url", hook.get("url").asText());
            if (hook.has("event_types")) {
                endpoint.set("event-types", hook.get("event_types"));
            }
            JsonNode filter = hook.path("filter");
            if (filter.path("channel_name_starts_with").isTextual()) {
                endpoint.put("channel-prefix", filter.get("channel_name_starts_with").asText());
            }
            if (filter.path("channel_name_ends_with").isTextual()) {
                endpoint.put("channel-suffix", filter.get("channel_name_ends_with").asText());
            }
            if (hook.path("headers").isObject()) {
                endpoint.set("headers", hook.get("headers"));
            }
        }
        return endpoints;
    }

    private static JsonNode parse(String column, String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadRowException("column " + column + " is not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }

    private static String requiredText(Map<String, Object> row, String column) {
        if (!row.containsKey(column)) {
            throw new BadRowException("the table has no column " + column);
        }
        Object value = row.get(column);
        if (value == null || value.toString().isEmpty()) {
            throw new BadRowException("column " + column + " is empty");
        }
        return value.toString();
    }

    private static void putNoLimitAsZero(ObjectNode app, Map<String, Object> row, String column, String key) {
        Long value = number(row, column);
        if (value != null) {
            app.put(key, value < 0 ? 0 : toInt(column, value));
        }
    }

    private static Long number(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new BadRowException("column " + column + " is not a number ('" + value + "')");
        }
    }

    private static int toInt(String column, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new BadRowException("column " + column + " is too large (" + value + ")");
        }
        return (int) value;
    }

    private static boolean bool(Map<String, Object> row, String column) {
        Object value = row.get(column);
        if (value instanceof Boolean flag) {
            return flag;
        }
        Long number = number(row, column);
        return number != null && number != 0;
    }

    /** The row for a log line: its id and key, never its secret. */
    static String describe(Map<String, Object> row) {
        return "id=" + row.get("id") + ", key=" + row.get("key");
    }
}
