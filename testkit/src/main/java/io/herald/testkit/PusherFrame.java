package io.herald.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One text frame a client received, kept verbatim with its parsed JSON (a {@link MissingNode} when
 * the text is not JSON). {@code index} is its position among the connection's frames.
 */
public record PusherFrame(int index, String text, JsonNode json) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static PusherFrame parse(int index, String text) {
        return new PusherFrame(index, text, parseJson(text));
    }

    /** Parses JSON text, or returns a {@link MissingNode} when it is not JSON. */
    public static JsonNode parseJson(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    public String event() {
        return textOrNull(json.get("event"));
    }

    public String channel() {
        return textOrNull(json.get("channel"));
    }

    public String userId() {
        return textOrNull(json.get("user_id"));
    }

    public boolean hasField(String name) {
        return json.has(name);
    }

    /** The {@code data} field as sent: a string node, an object node, or null when absent. */
    public JsonNode data() {
        return json.get("data");
    }

    /**
     * The {@code data} field decoded: a JSON string's content parsed as JSON (how Pusher encodes
     * channel events), anything else as it is.
     */
    public JsonNode dataJson() {
        JsonNode data = data();
        if (data != null && data.isTextual()) {
            return parseJson(data.textValue());
        }
        return data == null ? MissingNode.getInstance() : data;
    }

    /** {@code data.code} of a {@code pusher:error}: its number, or null when it is JSON null or absent. */
    public Integer errorCode() {
        JsonNode code = dataJson().get("code");
        return code == null || code.isNull() ? null : code.intValue();
    }

    public boolean is(String event) {
        return event.equals(event());
    }

    public boolean is(String event, String channel) {
        return event.equals(event()) && channel.equals(channel());
    }

    /** A {@code pusher:error} frame with exactly this code (null: a JSON null code). */
    public boolean isError(Integer code) {
        if (!is("pusher:error")) {
            return false;
        }
        JsonNode codeNode = dataJson().get("code");
        return code == null ? codeNode != null && codeNode.isNull() : code.equals(errorCode());
    }

    private static String textOrNull(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.textValue();
    }

    @Override
    public String toString() {
        return "#" + index + " " + text;
    }
}
