package io.herald.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The bundled {@code defaults.yaml} read as a schema: it gives every valid key, its type (that of
 * its default value), its default and, by {@link ConfigLoader#derivedEnvironmentName}, its
 * environment variable. The first entry of {@code apps} is both the demo app and the template
 * every configured app is merged over.
 */
final class ConfigSchema {

    static final String DEFAULTS_RESOURCE = "defaults.yaml";
    static final String APPS = "apps";
    /** The schema path of an app's webhook endpoints, whose items follow {@link #ENDPOINT_DEFAULTS}. */
    static final String APP_WEBHOOKS = "apps.webhooks";

    /**
     * Keys earlier versions read, with what replaced them: an upgraded configuration that still
     * sets one is refused with this hint rather than a bare "unknown key".
     */
    static final Map<String, String> RETIRED_KEYS = Map.of(
            "webhooks.sender.breaker-open",
            "the breaker now probes a failing endpoint after a growing pause; set "
                    + "webhooks.sender.breaker-probe-delay and webhooks.sender.breaker-probe-max-delay instead");
    static final String ENDPOINT_DEFAULTS = "webhooks.endpoint-defaults";

    /** Keys whose values name an enum constant, written in lower case (io_uring or io-uring). */
    private static final Map<String, Class<? extends Enum<?>>> ENUMS =
            Map.of("server.transport", HeraldConfig.Transport.class, "webhooks.queue", WebhooksConfig.QueueDriver.class,
                    "cluster.bus", ClusterConfig.BusDriver.class, "app-store.driver", AppStoreConfig.Driver.class,
                    "cluster.redis.mode", RedisMode.class, "webhooks.redis.mode", RedisMode.class);

    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory NODES =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    private static final ConfigSchema BUNDLED = new ConfigSchema(readBundledText());

    private final String text;
    private final ObjectNode defaults;
    private final ObjectNode appTemplate;
    private final Map<String, String> pathsByVariable;

    private ConfigSchema(String text) {
        this.text = text;
        this.defaults = (ObjectNode) readTree(text);
        this.appTemplate = (ObjectNode) defaults.get(APPS).get(0);
        this.pathsByVariable = Collections.unmodifiableMap(collectPaths("", defaults, new LinkedHashMap<>()));
    }

    static ConfigSchema bundled() {
        return BUNDLED;
    }

    /** A schema from other defaults; it must have an {@code apps} list with one template app. */
    static ConfigSchema of(String defaultsYaml) {
        return new ConfigSchema(defaultsYaml);
    }

    /**
     * A YAML reader that rejects a key given twice in one map and reads yes/no/on/off as words:
     * YAML 1.1 would turn an app id "off" into false. Boolean keys accept them anyway.
     */
    static YAMLMapper yamlReader() {
        return YAMLMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)
                .build();
    }

    /** Binds a complete, already type-checked tree to the records; a record field without a default fails. */
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    /** The binder, made once: an app store turns thousands of rows into apps through it. */
    static ObjectMapper binder() {
        return BINDER;
    }

    String text() {
        return text;
    }

    /** The whole defaults tree; read only. */
    ObjectNode root() {
        return defaults;
    }

    ObjectNode appTemplate() {
        return appTemplate;
    }

    /** What a webhook endpoint may hold: a url plus every key of webhooks.endpoint-defaults. */
    ObjectNode endpointTemplate() {
        ObjectNode template = defaults.objectNode().put("url", "");
        template.setAll((ObjectNode) defaults.get("webhooks").get("endpoint-defaults"));
        return template;
    }

    /** The configuration key path an environment variable sets, if it names one. */
    Optional<String> pathOfVariable(String name) {
        return Optional.ofNullable(pathsByVariable.get(name));
    }

    /** The default value at a dotted key path such as {@code server.port}, if the key exists. */
    Optional<JsonNode> templateAt(String path) {
        JsonNode node = defaults;
        for (String part : path.split("\\.", -1)) {
            node = node.isObject() ? node.get(part) : null;
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    Optional<Class<? extends Enum<?>>> enumAt(String path) {
        return Optional.ofNullable(ENUMS.get(path));
    }

    /** The user's checked tree laid over the defaults; configured apps replace the demo app. */
    ObjectNode mergeOverDefaults(ObjectNode user) {
        ObjectNode merged = defaults.deepCopy();
        deepMerge(merged, user);
        if (user.has(APPS)) {
            ArrayNode apps = merged.putArray(APPS);
            for (JsonNode app : user.get(APPS)) {
                apps.add(appTemplate.deepCopy().setAll((ObjectNode) app));
            }
        }
        JsonNode endpointDefaults = merged.at("/webhooks/endpoint-defaults");
        for (JsonNode app : endpointDefaults.isObject() ? merged.path(APPS) : NODES.arrayNode()) {
            ArrayNode endpoints = merged.arrayNode();
            for (JsonNode endpoint : app.get("webhooks")) {
                endpoints.add(((ObjectNode) endpointDefaults).deepCopy().setAll((ObjectNode) endpoint));
            }
            ((ObjectNode) app).set("webhooks", endpoints);
        }
        return merged;
    }

    private static void deepMerge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode into && field.getValue() instanceof ObjectNode from) {
                deepMerge(into, from);
            } else {
                target.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    private static Map<String, String> collectPaths(String prefix, ObjectNode node, Map<String, String> byVariable) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            byVariable.put(ConfigLoader.derivedEnvironmentName(path), path);
            if (field.getValue() instanceof ObjectNode child) {
                collectPaths(path, child, byVariable);
            }
        }
        return byVariable;
    }

    static String enumValues(Class<? extends Enum<?>> type) {
        StringBuilder names = new StringBuilder();
        Enum<?>[] constants = type.getEnumConstants();
        for (int i = 0; i < constants.length; i++) {
            names.append(i == 0 ? "" : i == constants.length - 1 ? " or " : ", ");
            names.append(constants[i].name().toLowerCase(Locale.ROOT));
        }
        return names.toString();
    }

    private static JsonNode readTree(String yaml) {
        try {
            return yamlReader().readTree(yaml);
        } catch (IOException e) {
            throw new IllegalStateException("the bundled " + DEFAULTS_RESOURCE + " is broken", e);
        }
    }

    private static String readBundledText() {
        try (InputStream in = ConfigSchema.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
