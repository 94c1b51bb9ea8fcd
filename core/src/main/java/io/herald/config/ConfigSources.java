package io.herald.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a configuration comes from, in increasing precedence: the YAML file, the environment,
 * then {@code key=value} overrides from the command line.
 */
public record ConfigSources(Optional<Path> file, Map<String, String> environment, List<String> overrides) {

    public ConfigSources {
        environment = Map.copyOf(environment);
        overrides = List.copyOf(overrides);
    }

    public static ConfigSources of(Path file) {
        return new ConfigSources(Optional.ofNullable(file), Map.of(), List.of());
    }

    public static ConfigSources defaultsOnly() {
        return new ConfigSources(Optional.empty(), Map.of(), List.of());
    }
}
