package io.herald.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One message from a client: {@code {"event": ..., "channel"?: ..., "data"?: ...}}. {@code data}
 * stays as the client sent it (object or string) so client events are relayed unchanged.
 */
record ClientMessage(String event, String channel, JsonNode data) {

    /** Strict about what follows the value: a frame is one JSON object, not an object and then anything. */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Parses a text frame; throws {@link MessageFormatException} with a reason a client can read. */
    static ClientMessage parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new MessageFormatException("Invalid message format: not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new MessageFormatException("Invalid message format: expected a JSON object");
        }
        JsonNode event = root.get("event");
        if (event == null || !event.isTextual() || event.asText().isEmpty()) {
            throw new MessageFormatException("Invalid message format: missing event");
        }
        JsonNode channel = root.get("channel");
        return new ClientMessage(event.asText(), channel != null && channel.isTextual() ? channel.asText() : null, root.get("data"));
    }

    /**
     * The {@code data} of a pusher: command as an object: clients send an object, some send the
     * object JSON-encoded in a string; both are accepted.
     */
    JsonNode dataObject() {
        JsonNode node = data;
        if (node != null && node.isTextual()) {
            try {
                node = JSON.readTree(node.asText());
            } catch (JsonProcessingException e) {
                throw new MessageFormatException("Invalid message format: data of " + event + " is not a JSON object");
            }
        }
        if (node == null || !node.isObject()) {
            throw new MessageFormatException("Invalid message format: " + event + " needs a data object");
        }
        return node;
    }

    /** A text field of {@link #dataObject()}, or null when absent. */
    static String text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value.isTextual() ? value.asText() : value.toString();
    }

    /** A malformed message: answered with a pusher:error, the connection stays open. */
    static final class MessageFormatException extends RuntimeException {
        MessageFormatException(String message) {
            super(message, null, false, false);
        }
    }
}
