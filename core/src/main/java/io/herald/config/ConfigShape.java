package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the user's tree against the schema, key by key, and returns it with every value turned
 * into the type of its default ("7001" from the environment becomes 7001). Reports unknown keys,
 * values of the wrong type and apps without credentials, all of them, not just the first. A value
 * that fails is left out of the result, so the defaults stand in for it while the ranges of the
 * other values are checked.
 */
final class ConfigShape {

    private static final List<String> APP_CREDENTIALS = List.of("id", "key", "secret");
    /** YAML 1.1's words for booleans, which people still write. */
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off");
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
        if (!user.isObject()) {
            problems.at(describe(path), "expected a map of keys, got " + describeValue(user));
            return null;
        }
        ObjectNode typed = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : user.properties()) {
            String key = field.getKey();
            String childPath = path.isEmpty() ? key : path + "." + key;
            String childSchemaPath = schemaPath.isEmpty() ? key : schemaPath + "." + key;
            JsonNode expected = template.get(key);
            JsonNode value = field.getValue();
            boolean emptySection = expected != null && expected.isObject() && value.isNull();
            if (expected == null) {
                String retired = ConfigSchema.RETIRED_KEYS.get(childSchemaPath);
                problems.at(childPath, retired != null ? "no longer read: " + retired : "unknown key" + suggestion(key, template));
            } else if (emptySection) {
                // "server:" with every key below it commented out keeps the defaults
            } else if (expected.isObject() && expected.isEmpty()) {
                setUnlessNull(typed, key, textMap(childPath, value));
            } else if (childSchemaPath.equals(ConfigSchema.APP_WEBHOOKS)) {
                setUnlessNull(typed, key, endpoints(childPath, value));
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
            return list(path, schemaPath, value, template);
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

    /** An app's webhook endpoints: each a map of the endpoint keys, with a url. */
    private ArrayNode endpoints(String path, JsonNode value) {
        if (!value.isArray()) {
            problems.at(path, "expected a list of endpoints such as [{url: https://...}], got " + describeValue(value));
            return null;
        }
        ArrayNode typed = NODES.arrayNode();
        for (int i = 0; i < value.size(); i++) {
            String endpointPath = path + "[" + i + "]";
            ObjectNode endpoint = section(endpointPath, ConfigSchema.ENDPOINT_DEFAULTS, value.get(i), schema.endpointTemplate());
            if (endpoint != null) {
                JsonNode url = endpoint.get("url");
                if (url == null || url.asText().isBlank()) {
                    problems.at(endpointPath + ".url", "required");
                }
                typed.add(endpoint);
            }
        }
        return typed;
    }

    /** A map whose keys are free (such as HTTP headers) and whose values are text. */
    private ObjectNode textMap(String path, JsonNode value) {
        if (!value.isObject()) {
            problems.at(path, "expected a map such as {Name: value}, got " + describeValue(value));
            return null;
        }
        ObjectNode typed = NODES.objectNode();
        value.properties().forEach(entry -> {
            JsonNode text = text(path + "." + entry.getKey(), entry.getValue());
            if (text != null) {
                typed.set(entry.getKey(), text);
            }
        });
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

    /**
     * Items take the type of the default list's first item; a list whose default is empty says
     * nothing about its items, which are then left for binding to check.
     */
    private ArrayNode list(String path, String schemaPath, JsonNode value, JsonNode template) {
        if (!value.isArray()) {
            problems.at(path, "expected a list such as [a, b], got " + describeValue(value));
            return null;
        }
        if (template.isEmpty()) {
            return value.deepCopy();
        }
        ArrayNode typed = NODES.arrayNode();
        JsonNode itemTemplate = template.get(0);
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = typedValue(path + "[" + i + "]", schemaPath, value.get(i), itemTemplate);
            if (item != null) {
                typed.add(item);
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
        if (template.isFloatingPointNumber()) {
            return decimal(path, value);
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

    private JsonNode decimal(String path, JsonNode value) {
        if (value.isNumber()) {
            return DoubleNode.valueOf(value.doubleValue());
        }
        String text = value.asText().trim();
        try {
            double parsed = Double.parseDouble(text);
            if (Double.isFinite(parsed)) {
                return DoubleNode.valueOf(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.at(path, "expected a number, got '" + text + "'");
        return null;
    }

    private JsonNode trueOrFalse(String path, JsonNode value) {
        String text = value.asText().trim().toLowerCase(Locale.ROOT);
        if (TRUE_WORDS.contains(text)) {
            return BooleanNode.TRUE;
        }
        if (FALSE_WORDS.contains(text)) {
            return BooleanNode.FALSE;
        }
        problems.at(path, "expected true or false, got '" + value.asText().trim() + "'");
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
