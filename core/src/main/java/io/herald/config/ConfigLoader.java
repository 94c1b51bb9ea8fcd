package io.herald.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import java.util.List;
import java.util.Locale;

/**
 * Builds the typed {@link HeraldConfig} from defaults, a YAML file, the environment and flags,
 * reporting every problem at once.
 *
 * <p>The bundled {@code defaults.yaml} is the single source of truth: it gives the defaults, the
 * set of valid keys with their types, and (through {@link #derivedEnvironmentName}) the
 * environment variable of every key. Loading runs in three steps: {@link ConfigLayers} stacks the
 * sources into one tree, {@link ConfigShape} checks keys and types, {@link ConfigValidator} checks
 * meaning (ranges, uniqueness) on the typed result, with defaults standing in for rejected values
 * so that one run reports everything.
 */
public final class ConfigLoader {

    static final String ENV_PREFIX = "HERALD_";

    private final ConfigSchema schema = ConfigSchema.bundled();

    /** The annotated defaults, exactly as bundled. */
    public static String defaultsText() {
        return ConfigSchema.bundled().text();
    }

    /** The environment variable that sets the key at {@code path}, e.g. server.path-prefix. */
    public static String derivedEnvironmentName(String path) {
        return ENV_PREFIX + path.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Loads and validates; throws {@link ConfigException} listing every problem. */
    public HeraldConfig load(ConfigSources sources) {
        Problems problems = new Problems();
        HeraldConfig config = tryLoad(sources, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.list());
        }
        return config;
    }

    /** Every problem of the given sources; empty when the configuration would start. */
    public List<String> check(ConfigSources sources) {
        Problems problems = new Problems();
        tryLoad(sources, problems);
        return problems.list();
    }

    /**
     * One app described by its keys as they stand under {@code apps[]} in the configuration (an app
     * read from a store), over the same defaults and checks as a configured app; its webhook
     * endpoints take the given endpoint defaults. Throws {@link ConfigException} listing every
     * problem, each named by the app's key ({@code max-connections: ...}).
     */
    public AppConfig app(ObjectNode fields, WebhooksConfig.EndpointDefaults endpointDefaults) {
        Problems problems = new Problems();
        ObjectNode user = JsonNodeFactory.instance.objectNode();
        user.putArray(ConfigSchema.APPS).add(fields);
        user.putObject("webhooks").set("endpoint-defaults", ConfigSchema.binder().valueToTree(endpointDefaults));
        ObjectNode typed = new ConfigShape(schema, problems).typed(user);
        problems.settleReportedKeys();
        HeraldConfig config = bind(schema.mergeOverDefaults(typed), problems);
        if (config != null) {
            ConfigValidator.validate(config, problems);
        }
        if (!problems.isEmpty()) {
            String prefix = ConfigSchema.APPS + "[0].";
            throw new ConfigException(problems.list().stream()
                    .map(problem -> problem.startsWith(prefix) ? problem.substring(prefix.length()) : problem)
                    .toList());
        }
        return config.apps().getFirst();
    }

    private HeraldConfig tryLoad(ConfigSources sources, Problems problems) {
        ObjectNode user = new ConfigLayers(schema, problems).stack(sources);
        ObjectNode typed = new ConfigShape(schema, problems).typed(user);
        problems.settleReportedKeys();
        HeraldConfig config = bind(schema.mergeOverDefaults(typed), problems);
        if (config != null) {
            ConfigValidator.validate(config, problems);
        }
        return config;
    }

    /** Values the schema cannot describe (items of a list empty by default) are checked here. */
    private static HeraldConfig bind(ObjectNode merged, Problems problems) {
        try {
            return ConfigSchema.binder().treeToValue(merged, HeraldConfig.class);
        } catch (JsonMappingException e) {
            problems.at(pathOf(e), ConfigLayers.firstLine(e.getOriginalMessage()));
            return null;
        } catch (JsonProcessingException e) {
            problems.general(ConfigLayers.firstLine(e.getOriginalMessage()));
            return null;
        }
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "the configuration" : path.toString();
    }

}
