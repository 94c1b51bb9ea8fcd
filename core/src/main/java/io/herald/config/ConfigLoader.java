package io.herald.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the typed {@link HeraldConfig} from defaults, a YAML file, the environment and flags,
 * reporting every problem at once.
 *
 * <p>The bundled {@code defaults.yaml} is the single source of truth: it gives the defaults, the
 * set of valid keys with their types, and (through {@link #derivedEnvironmentName}) the
 * environment variable of every key.
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "HERALD_";
    private static final String DEFAULTS_RESOURCE = "defaults.yaml";
    /** Variables read by the launcher, not configuration keys. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("HERALD_JAVA_OPTS", "HERALD_HOME", "HERALD_JAVA");
    private static final Set<String> APP_CREDENTIALS = Set.of("id", "key", "secret");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .enable(com.fasterxml.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS);
    private final ObjectNode defaults;
    private final ObjectNode appTemplate;

    public ConfigLoader() {
        this.defaults = (ObjectNode) readDefaults();
        this.appTemplate = ((ObjectNode) defaults.get("apps").get(0)).deepCopy();
    }

    /** The annotated defaults, exactly as bundled. */
    public static String defaultsText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable that sets the key at {@code path}, e.g. server.path-prefix. */
    public static String derivedEnvironmentName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Loads and validates; throws {@link ConfigException} listing every problem. */
    public HeraldConfig load(ConfigSources sources) {
        List<String> problems = new ArrayList<>();
        HeraldConfig config = tryLoad(sources, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** Every problem of the given sources; empty when the configuration would start. */
    public List<String> check(ConfigSources sources) {
        List<String> problems = new ArrayList<>();
        tryLoad(sources, problems);
        return problems;
    }

    private HeraldConfig tryLoad(ConfigSources sources, List<String> problems) {
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        sources.file().ifPresent(file -> readFile(file, user, problems));
        applyEnvironment(sources.environment(), user, problems);
        applyOverrides(sources.overrides(), user, problems);
        int before = problems.size();
        checkShape("", user, defaults, problems);
        if (problems.size() > before) {
            return null;
        }
        ObjectNode merged = merge(user);
        HeraldConfig config;
        try {
            config = yaml.treeToValue(merged, HeraldConfig.class);
        } catch (JsonProcessingException e) {
            problems.add(e.getOriginalMessage());
            return null;
        }
        ConfigValidator.validate(config, problems);
        return config;
    }

    private void readFile(java.nio.file.Path file, ObjectNode user, List<String> problems) {
        try {
            String text = Files.readString(file);
            JsonNode tree = yaml.readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return;
            }
            if (!tree.isObject()) {
                problems.add(file + ": the top level must be a map of keys");
                return;
            }
            user.setAll((ObjectNode) tree);
        } catch (NoSuchFileException e) {
            problems.add(file + ": no such file");
        } catch (JsonProcessingException e) {
            problems.add(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            problems.add(file + ": cannot be read: " + e.getMessage());
        }
    }

    private void applyEnvironment(Map<String, String> env, ObjectNode user, List<String> problems) {
        Map<String, String> byName = new LinkedHashMap<>();
        collectPaths("", defaults, byName);
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(ENV_PREFIX) || LAUNCHER_VARIABLES.contains(name)) {
                continue;
            }
            String path = byName.get(name);
            if (path == null) {
                problems.add("environment variable " + name + " names no configuration key");
                continue;
            }
            set(user, path, parseValue(variable.getValue(), name, problems));
        }
    }

    private void applyOverrides(List<String> overrides, ObjectNode user, List<String> problems) {
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                problems.add("--set " + override + ": expected key=value");
                continue;
            }
            String path = override.substring(0, eq).trim();
            if (!isKnownPath(path)) {
                problems.add("--set " + path + ": unknown key");
                continue;
            }
            set(user, path, parseValue(override.substring(eq + 1), "--set " + path, problems));
        }
    }

    /** Scalars stay text (converted by type later); lists and maps are parsed as YAML. */
    private JsonNode parseValue(String raw, String source, List<String> problems) {
        String trimmed = raw.trim();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            try {
                return yaml.readTree(trimmed);
            } catch (JsonProcessingException e) {
                problems.add(source + ": not valid YAML or JSON: " + e.getOriginalMessage());
                return TextNode.valueOf(raw);
            }
        }
        return TextNode.valueOf(raw);
    }

    private void collectPaths(String prefix, ObjectNode node, Map<String, String> byName) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            byName.put(derivedEnvironmentName(path), path);
            if (field.getValue().isObject()) {
                collectPaths(path, (ObjectNode) field.getValue(), byName);
            }
        }
    }

    private boolean isKnownPath(String path) {
        JsonNode node = defaults;
        for (String part : path.split("\\.")) {
            node = node.isObject() ? node.get(part) : null;
            if (node == null) {
                return false;
            }
        }
        return true;
    }

    private static void set(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                child = node.putObject(parts[i]);
            }
            node = (ObjectNode) child;
        }
        node.set(parts[parts.length - 1], value);
    }

    /** Checks names and scalar types of the user's tree against the defaults' tree. */
    private void checkShape(String path, JsonNode user, JsonNode template, List<String> problems) {
        if (template.isObject()) {
            if (!user.isObject()) {
                problems.add(describe(path) + ": expected a map of keys");
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                JsonNode expected = template.get(field.getKey());
                if (expected == null) {
                    problems.add(child + ": unknown key");
                } else if (child.equals("apps")) {
                    checkApps(field.getValue(), problems);
                } else {
                    checkShape(child, field.getValue(), expected, problems);
                }
            }
        } else if (template.isArray()) {
            if (!user.isArray()) {
                problems.add(path + ": expected a list");
                return;
            }
            for (int i = 0; i < user.size(); i++) {
                if (!user.get(i).isValueNode() || user.get(i).isNull()) {
                    problems.add(path + "[" + i + "]: expected a single value");
                }
            }
        } else {
            checkScalar(path, user, template, problems);
        }
    }

    private void checkApps(JsonNode apps, List<String> problems) {
        if (!apps.isArray()) {
            problems.add("apps: expected a list of apps");
            return;
        }
        if (apps.isEmpty()) {
            problems.add("apps: at least one app is needed");
        }
        for (int i = 0; i < apps.size(); i++) {
            String path = "apps[" + i + "]";
            JsonNode app = apps.get(i);
            checkShape(path, app, appTemplate, problems);
            if (app.isObject()) {
                for (String required : APP_CREDENTIALS) {
                    JsonNode value = app.get(required);
                    if (value == null || value.isNull() || value.asText().isBlank()) {
                        problems.add(path + "." + required + ": required");
                    }
                }
            }
        }
    }

    private static void checkScalar(String path, JsonNode value, JsonNode template, List<String> problems) {
        if (value.isContainerNode() || value.isNull()) {
            problems.add(path + ": expected a single value, got " + (value.isNull() ? "nothing" : value.getNodeType()));
            return;
        }
        String text = value.asText().trim();
        if (template.isIntegralNumber() && !value.isIntegralNumber()) {
            try {
                Integer.parseInt(text);
            } catch (NumberFormatException e) {
                problems.add(path + ": expected a whole number, got '" + text + "'");
            }
        } else if (template.isBoolean() && !value.isBoolean()
                && !text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            problems.add(path + ": expected true or false, got '" + text + "'");
        } else if (path.endsWith("transport")) {
            try {
                HeraldConfig.Transport.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                problems.add(path + ": expected auto, epoll, io_uring or nio, got '" + text + "'");
            }
        }
    }

    private static String describe(String path) {
        return path.isEmpty() ? "the configuration" : path;
    }

    private ObjectNode merge(ObjectNode user) {
        ObjectNode merged = defaults.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getKey().equals("apps")) {
                ArrayNode apps = merged.putArray("apps");
                for (JsonNode app : field.getValue()) {
                    ObjectNode full = appTemplate.deepCopy();
                    full.setAll(normalise((ObjectNode) app));
                    apps.add(full);
                }
            } else if (field.getValue().isObject()) {
                ((ObjectNode) merged.get(field.getKey())).setAll(normalise((ObjectNode) field.getValue()));
            } else {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }

    /** Enum values are written in lower case with dashes or underscores (io_uring, io-uring). */
    private static ObjectNode normalise(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        JsonNode transport = copy.get("transport");
        if (transport != null && transport.isTextual()) {
            copy.put("transport", transport.asText().trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return copy;
    }

    private JsonNode readDefaults() {
        try {
            return yaml.readTree(defaultsText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bundled defaults.yaml is broken", e);
        }
    }
}
