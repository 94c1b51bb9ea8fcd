package io.herald.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Stacks what the user gave, the YAML file, then the environment, then {@code key=value}
 * overrides, into one untyped tree. Values from the environment and flags stay text unless their
 * key holds a list or a map, which is then read as YAML (JSON is YAML too).
 */
final class ConfigLayers {

    /** Variables the launcher and logging read, not configuration keys. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("HERALD_JAVA_OPTS", "HERALD_LOG_LEVEL");

    private final ConfigSchema schema;
    private final Problems problems;
    private final YAMLMapper yaml = ConfigSchema.yamlReader();
    private final ObjectNode user = JsonNodeFactory.instance.objectNode();

    ConfigLayers(ConfigSchema schema, Problems problems) {
        this.schema = schema;
        this.problems = problems;
    }

    ObjectNode stack(ConfigSources sources) {
        sources.file().ifPresent(this::readFile);
        applyEnvironment(sources.environment());
        sources.overrides().forEach(this::applyOverride);
        return user;
    }

    private void readFile(Path file) {
        try {
            JsonNode tree = yaml.readTree(Files.readString(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return;
            }
            if (!tree.isObject()) {
                problems.general(file + ": the top level must be a map of keys, such as server: and apps:");
                return;
            }
            user.setAll((ObjectNode) tree);
        } catch (NoSuchFileException e) {
            problems.general(file + ": no such file");
        } catch (AccessDeniedException e) {
            problems.general(file + ": permission denied");
        } catch (JsonProcessingException e) {
            problems.general(file + ": not valid YAML, " + describeYamlError(e));
        } catch (IOException e) {
            problems.general(file + ": cannot be read: " + e.getMessage());
        }
    }

    /** Sorted so a variable setting a whole section comes before those setting keys inside it. */
    private void applyEnvironment(Map<String, String> environment) {
        environment.entrySet().stream()
                .filter(variable -> variable.getKey().startsWith(ConfigLoader.ENV_PREFIX))
                .filter(variable -> !LAUNCHER_VARIABLES.contains(variable.getKey()))
                .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                .forEach(variable -> applyVariable(variable.getKey(), variable.getValue()));
    }

    private void applyVariable(String name, String value) {
        Optional<String> path = schema.pathOfVariable(name);
        if (path.isEmpty()) {
            problems.general("environment variable " + name + " names no configuration key"
                    + " (see herald config defaults for the keys)");
            return;
        }
        set(path.get(), value, name);
    }

    private void applyOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            problems.general("--set " + override + ": expected key=value, e.g. --set server.port=7001");
            return;
        }
        String path = override.substring(0, eq).trim();
        if (schema.templateAt(path).isEmpty()) {
            problems.general("--set " + path + ": unknown key (see herald config defaults for the keys)");
            return;
        }
        set(path, override.substring(eq + 1), "--set " + path);
    }

    private void set(String path, String raw, String origin) {
        JsonNode value = parse(raw, schema.templateAt(path).orElseThrow(), origin);
        if (value == null) {
            return;
        }
        String[] parts = path.split("\\.");
        ObjectNode node = user;
        for (int i = 0; i < parts.length - 1; i++) {
            if (!(node.get(parts[i]) instanceof ObjectNode)) {
                node.putObject(parts[i]);
            }
            node = (ObjectNode) node.get(parts[i]);
        }
        node.set(parts[parts.length - 1], value);
        problems.origin(path, origin);
    }

    /**
     * Surrounding blanks are dropped (a secret stored with "echo" ends in a newline). Lists of
     * single values may also be written comma-separated: HERALD_SERVER_CORS_ORIGINS=a,b.
     */
    private JsonNode parse(String raw, JsonNode template, String origin) {
        String trimmed = raw.trim();
        if (!template.isContainerNode()) {
            return TextNode.valueOf(trimmed);
        }
        if (template.isArray() && !template.isEmpty() && template.get(0).isValueNode() && !trimmed.startsWith("[")) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            List.of(trimmed.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(list::add);
            return list;
        }
        try {
            return yaml.readTree(trimmed);
        } catch (JsonProcessingException e) {
            problems.general(origin + ": not valid YAML or JSON, " + describeYamlError(e));
            return null;
        }
    }

    /**
     * Position and reason only: the parser's own message quotes the offending line, which may
     * hold a secret.
     */
    static String describeYamlError(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String context = marked.getContext() == null ? "" : " (" + marked.getContext() + ")";
            return "line " + (marked.getProblemMark().getLine() + 1) + ", column "
                    + (marked.getProblemMark().getColumn() + 1) + ": " + marked.getProblem() + context;
        }
        String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": ";
        return where + firstLine(e.getOriginalMessage());
    }

    static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
