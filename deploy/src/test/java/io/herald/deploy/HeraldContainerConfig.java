package io.herald.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one rendered Herald container would read as its configuration: the herald.yaml of the
 * chart's ConfigMap and the container's environment, resolved the way the kubelet does it
 * (Secret references, then {@code $(VAR)} references to variables defined before). Secrets the
 * chart does not create (an existing apps Secret, a queue URL) take the stand-in values given.
 */
final class HeraldContainerConfig {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private final Path configFile;
    private final Map<String, String> environment;
    private final List<String> args;

    private HeraldContainerConfig(Path configFile, Map<String, String> environment, List<String> args) {
        this.configFile = configFile;
        this.environment = environment;
        this.args = args;
    }

    /**
     * The configuration of the Deployment's container. {@code outsideSecrets} maps the names of
     * variables taken from Secrets the chart does not render to the values to use for them.
     */
    static HeraldContainerConfig of(RenderedChart chart, String deployment, Map<String, String> outsideSecrets, Path workDir) {
        Container container = chart.get(Deployment.class, deployment).getSpec().getTemplate().getSpec().getContainers().getFirst();
        ConfigMap config = chart.get(ConfigMap.class, HelmChart.RELEASE);
        Map<String, String> environment = new LinkedHashMap<>();
        for (EnvVar variable : container.getEnv()) {
            environment.put(variable.getName(), valueOf(variable, chart, outsideSecrets, environment));
        }
        try {
            Path file = Files.writeString(Files.createTempFile(workDir, deployment + "-", ".yaml"), config.getData().get("herald.yaml"));
            return new HeraldContainerConfig(file, environment, container.getArgs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mounted herald.yaml, as written to a local file. */
    Path configFile() {
        return configFile;
    }

    Map<String, String> environment() {
        return environment;
    }

    /** The herald command the container runs (start or sender). */
    String command() {
        return args.getFirst();
    }

    /** Herald's problems with this configuration, exactly as {@code herald config check} reports them. */
    List<String> problems() {
        return new ConfigLoader().check(sources());
    }

    HeraldConfig load() {
        return new ConfigLoader().load(sources());
    }

    private ConfigSources sources() {
        if (!args.equals(List.of(command(), "--config", "/etc/herald/herald.yaml"))) {
            throw new AssertionError("expected the container to read /etc/herald/herald.yaml only, got " + args);
        }
        return new ConfigSources(Optional.of(configFile), environment, List.of());
    }

    private static String valueOf(EnvVar variable, RenderedChart chart, Map<String, String> outsideSecrets,
            Map<String, String> defined) {
        if (variable.getValueFrom() == null) {
            return expand(variable.getValue() == null ? "" : variable.getValue(), defined);
        }
        SecretKeySelector reference = variable.getValueFrom().getSecretKeyRef();
        if (reference == null) {
            throw new AssertionError(variable.getName() + " comes from something other than a Secret");
        }
        return chart.find("Secret", reference.getName())
                .map(secret -> secretValue(secret, reference))
                .or(() -> Optional.ofNullable(outsideSecrets.get(variable.getName())))
                .orElseThrow(() -> new AssertionError(variable.getName() + " comes from Secret " + reference.getName()
                        + ", which the chart does not render; give the test a stand-in value for it"));
    }

    @SuppressWarnings("unchecked")
    private static String secretValue(Map<String, Object> secret, SecretKeySelector reference) {
        Map<String, Object> stringData = (Map<String, Object>) secret.getOrDefault("stringData", Map.of());
        Map<String, Object> data = (Map<String, Object>) secret.getOrDefault("data", Map.of());
        if (stringData.containsKey(reference.getKey())) {
            return String.valueOf(stringData.get(reference.getKey()));
        }
        if (data.containsKey(reference.getKey())) {
            return new String(Base64.getDecoder().decode(String.valueOf(data.get(reference.getKey()))), StandardCharsets.UTF_8);
        }
        throw new AssertionError("Secret " + reference.getName() + " has no key " + reference.getKey());
    }

    /** $(NAME) becomes the value of a variable defined earlier; other references stay as written. */
    private static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder expanded = new StringBuilder();
        while (matcher.find()) {
            String replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(replacement));
        }
        return matcher.appendTail(expanded).toString();
    }
}
