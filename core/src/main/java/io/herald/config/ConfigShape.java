package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the user's tree against the schema, key by key, and returns it with every value turned
 * into the type of its default ("7001" from the environment becomes 7001). Reports unknown keys,
 * values of the wrong type and apps without credentials, all of them, not just the first. A value
 * that fails is left out of the result, so the defaults stand in for it while the ranges of the
 * other values are checked.
 */
final class ConfigShape {

    private static final List<String> APP_CREDENTIALS = List.of("id", "key", "secret");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConfigSchema schema;
    private final Problems problems;

    ConfigShape(ConfigSchema schema, Problems problems) {
        this.schema = schema;
        this.problems = problems;
    }

    ObjectNode typed(ObjectNode user) {
        return section("", "", user, schema.root());
    }

    /**
     * A map of keys. {@code schemaPath} names the key in the schema (server.port), {@code path}
     * the value in the user's tree (apps[2].key), which differ inside lists.
     */
    private ObjectNode section(String path, String schemaPath, JsonNode user, JsonNode template) {
        ObjectNode typed = NODES.objectNode();
        if (!user.isObject()) {
            problems.at(describe(path), "expected a map of keys, got " + describeValue(user));
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String childPath = path.isEmpty() ? key : path + "." + key;
            String childSchemaPath = schemaPath.isEmpty() ? key : schemaPath + "." + key;
            JsonNode expected = template.get(key);
            JsonNode value = field.getValue();
            if (expected == null) {
                problems.at(childPath, "unknown key" + suggestion(key, template));
            } else if (expected.isObject() && value.isNull()) {
                continue; // "server:" with every key below it commented out
            } else if (childPath.equals(ConfigSchema.APPS)) {
                setUnlessNull(typed, key, value.isNull() ? null : apps(value));
            } else {
                setUnlessNull(typed, key, typedValue(childPath, childSchemaPath, value, expected));
            }
        }
        return typed;
    }

    private static void setUnlessNull(ObjectNode target, String key, JsonNode value) {
        if (value != null) {
            target.set(key, value);
        }
    }

    private JsonNode typedValue(String path, String schemaPath, JsonNode value, JsonNode template) {
        if (template.isObject()) {
            return section(path, schemaPath, value, template);
        }
        if (template.isArray()) {
            return list(path, value);
        }
        return scalar(path, schemaPath, value, template);
    }

    private ArrayNode apps(JsonNode apps) {
        ArrayNode typed = NODES.arrayNode();
        if (!apps.isArray()) {
            problems.at(ConfigSchema.APPS, "expected a list of apps, got " + describeValue(apps));
            return null;
        }
        if (apps.isEmpty()) {
            problems.at(ConfigSchema.APPS, "at least one app is needed");
        }
        for (int i = 0; i < apps.size(); i++) {
            String path = ConfigSchema.APPS + "[" + i + "]";
            JsonNode app = apps.get(i);
            ObjectNode typedApp = section(path, ConfigSchema.APPS, app, schema.appTemplate());
            if (typedApp != null) {
                requireCredentials(path, app);
                typed.add(typedApp);
            }
        }
        return typed;
    }

    private void requireCredentials(String path, JsonNode app) {
        for (String credential : APP_CREDENTIALS) {
            JsonNode value = app.get(credential);
            if (value == null || value.isNull() || value.isTextual() && value.asText().isBlank()) {
                problems.at(path + "." + credential, "required");
            }
        }
    }

    private ArrayNode list(String path, JsonNode value) {
        ArrayNode typed = NODES.arrayNode();
        if (!value.isArray()) {
            problems.at(path, "expected a list such as [a, b], got " + describeValue(value));
            return null;
        }
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isValueNode() || item.isNull()) {
                problems.at(path + "[" + i + "]", "expected a single value, got " + describeValue(item));
            } else {
                typed.add(item.asText());
            }
        }
        return typed;
    }

    private JsonNode scalar(String path, String schemaPath, JsonNode value, JsonNode template) {
        if (value.isContainerNode() || value.isNull()) {
            problems.at(path, "expected a single value, got " + describeValue(value));
            return null;
        }
        if (template.isIntegralNumber()) {
            return wholeNumber(path, value);
        }
        if (template.isBoolean()) {
            return trueOrFalse(path, value);
        }
        var enumType = schema.enumAt(schemaPath);
        if (enumType.isPresent()) {
            return enumConstant(path, value, enumType.get());
        }
        return text(path, value);
    }

    private JsonNode wholeNumber(String path, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToInt()) {
            return IntNode.valueOf(value.intValue());
        }
        String text = value.asText().trim();
        try {
            return IntNode.valueOf(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            problems.at(path, "expected a whole number, got '" + text + "'");
            return null;
        }
    }

    private JsonNode trueOrFalse(String path, JsonNode value) {
        String text = value.asText().trim();
        if (value.isBoolean() || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(text));
        }
        problems.at(path, "expected true or false, got '" + text + "'");
        return null;
    }

    private JsonNode enumConstant(String path, JsonNode value, Class<? extends Enum<?>> type) {
        String name = value.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Enum<?> constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return TextNode.valueOf(name);
            }
        }
        problems.at(path, "expected " + ConfigSchema.enumValues(type) + ", got '" + value.asText().trim() + "'");
        return null;
    }

    /**
     * Text keys take whole numbers as written (app ids are often numeric) but not decimals or
     * true/false, which YAML would silently rewrite (1e3 becomes 1000.0): those must be quoted.
     */
    private JsonNode text(String path, JsonNode value) {
        if (value.isTextual() || value.isIntegralNumber()) {
            return TextNode.valueOf(value.asText());
        }
        problems.at(path, "expected text; put the value in quotes");
        return null;
    }

    /** Names the right key when the wrong one is spelt another way (max_connections, pathPrefix). */
    private static String suggestion(String key, JsonNode template) {
        String normalised = key.toLowerCase(Locale.ROOT).replace('_', '-');
        for (Iterator<String> names = template.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.equals(normalised) || name.replace("-", "").equals(normalised.replace("-", ""))) {
                return "; did you mean " + name + "?";
            }
        }
        return "";
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the configuration" : path;
    }

    private static String describeValue(JsonNode value) {
        if (value.isNull()) {
            return "nothing";
        }
        if (value.isObject()) {
            return "a map";
        }
        if (value.isArray()) {
            return "a list";
        }
        return "'" + value.asText() + "'";
    }
}
