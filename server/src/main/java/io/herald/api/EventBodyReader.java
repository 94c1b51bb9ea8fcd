package io.herald.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.app.AppConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code /events} body straight from its bytes into a {@link PublishRequest}, without a
 * JSON tree: the hot path of the HTTP API, one call per event as the server SDKs make them.
 *
 * <p>Only the shape the SDKs send is read this way: an object whose known fields are strings
 * ({@code channels} an array of strings). Anything else (data given as a JSON value, a null, a
 * field of the wrong type, a duplicate, a syntax error, trailing text) is read again as a tree by
 * {@link PublishRequest#ofEvent}, which relays such data as its JSON text and words every error;
 * so the answer to any body is the tree's, only cheaper for the usual one.
 */
final class EventBodyReader {

    private EventBodyReader() {}

    /** The validated event of a {@code /events} body, or {@link ApiException} (400, 413) saying what is wrong. */
    static PublishRequest read(byte[] body, AppConfig app) {
        Fields fields = streamed(body);
        if (fields == null) {
            return PublishRequest.ofEvent(ApiJson.readObject(body), app);
        }
        return PublishRequest.ofEventFields(fields.name, fields.channels, fields.channel, fields.data, fields.socketId,
                fields.info, app);
    }

    /** The known fields of the usual shape, or null when the body is anything else. */
    private static Fields streamed(byte[] body) {
        try (JsonParser parser = ApiJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Fields fields = new Fields();
            for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
                JsonToken value = parser.nextToken();
                boolean read = switch (field) {
                    case "name" -> (fields.name = text(parser, value)) != null;
                    case "channel" -> (fields.channel = text(parser, value)) != null;
                    case "data" -> (fields.data = text(parser, value)) != null;
                    case "socket_id" -> (fields.socketId = text(parser, value)) != null;
                    case "info" -> (fields.info = text(parser, value)) != null;
                    case "channels" -> (fields.channels = texts(parser, value)) != null;
                    default -> {
                        skip(parser, value);
                        yield true;
                    }
                };
                if (!read) {
                    return null;
                }
            }
            // The object ended (nextFieldName is null on END_OBJECT only); nothing may follow it.
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null ? fields : null;
        } catch (IOException | RuntimeException e) {
            // Whatever the parser refuses, the tree read refuses in its own words (or fails the same way).
            return null;
        }
    }

    /**
     * Passes over a field this read does not use, converting its decimals as the tree read does
     * (to BigDecimal): one whose exponent is beyond an int fails there, so it must fail here.
     */
    private static void skip(JsonParser parser, JsonToken value) throws IOException {
        int depth = 0;
        JsonToken token = value;
        while (true) {
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                depth++;
            } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                depth--;
            } else if (token == JsonToken.VALUE_NUMBER_FLOAT) {
                parser.getDecimalValue();
            }
            if (depth == 0) {
                return;
            }
            token = parser.nextToken();
        }
    }

    private static String text(JsonParser parser, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? parser.getText() : null;
    }

    private static List<String> texts(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return null;
        }
        List<String> names = new ArrayList<>(4);
        for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
            if (item != JsonToken.VALUE_STRING) {
                return null;
            }
            names.add(parser.getText());
        }
        return names;
    }

    /** The fields found; null where absent. */
    private static final class Fields {
        String name;
        List<String> channels;
        String channel;
        String data;
        String socketId;
        String info;
    }
}
