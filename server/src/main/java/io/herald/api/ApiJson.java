package io.herald.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request and response bodies of the HTTP API: databind trees, except the single-event body of
 * {@code /events}, which {@link EventBodyReader} streams.
 */
final class ApiJson {

    private static final Pattern DUPLICATE_FIELD = Pattern.compile("Duplicate field '([^']{0,200})'");

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Data given as a JSON value is relayed as its text; keep numbers as written (2.50 stays 2.50).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private ApiJson() {}

    static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    static JsonNode nullNode() {
        return JsonNodeFactory.instance.nullNode();
    }

    /** What is wrong, in Herald's words: the parser's own message names its internals (tokens, Java types). */
    private static String notJson(JsonProcessingException e) {
        String original = String.valueOf(e.getOriginalMessage());
        Matcher duplicate = DUPLICATE_FIELD.matcher(original);
        String what = duplicate.lookingAt() ? ": the field '" + duplicate.group(1) + "' is given twice" : "";
        var at = e.getLocation();
        return "Request body is not valid JSON" + what
                + (at == null || at.getLineNr() < 1 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")");
    }

    /** A streaming parser of a request body, with the same features as {@link #readObject} (duplicates refused). */
    static JsonParser parser(byte[] body) throws IOException {
        return MAPPER.createParser(body);
    }

    /** The body as a JSON object, or 400 saying what is wrong with it. */
    static ObjectNode readObject(byte[] body) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(notJson(e));
        } catch (NumberFormatException e) {
            // Numbers are kept as written (BigDecimal), which refuses exponents beyond an int's range.
            throw ApiException.badRequest("Request body has a number out of range");
        } catch (IOException e) {
            throw ApiException.badRequest("Request body cannot be read as JSON");
        }
        if (tree == null || tree.isMissingNode()) {
            throw ApiException.badRequest("Request body is empty; expected a JSON object");
        }
        if (!tree.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** The answer of nearly every publish: written once, never changed, shared by every response. */
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static byte[] bytes(JsonNode node) {
        if (node.isObject() && node.isEmpty()) {
            return EMPTY_OBJECT;
        }
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A JSON tree could not be written", e);
        }
    }

    static byte[] error(String message) {
        return bytes(object().put("error", message));
    }
}
