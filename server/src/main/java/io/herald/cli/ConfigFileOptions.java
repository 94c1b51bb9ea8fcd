package io.herald.cli;

import io.herald.config.ConfigSources;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value}: how the commands that run something read their configuration. */
final class ConfigFileOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path configFile;

    @Mixin
    ConfigOverrides overrides;

    /** The file, then the environment, then {@code --set}, then {@code flags}. */
    ConfigSources sources(Map<String, String> environment, List<String> flags) {
        return overrides.sources(configFile, environment, flags);
    }
}
