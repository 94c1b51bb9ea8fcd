package io.herald.cli;

import io.herald.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --set key=value} option shared by the commands that read a configuration. */
final class ConfigOverrides {

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = {"Set any configuration key, over the file and the environment; repeatable.",
                "Example: --set server.path-prefix=/pusher --set apps='[{id: a, key: k, secret: s}]'"})
    List<String> overrides = new ArrayList<>();

    /** The file, then the environment, then these overrides, then {@code moreOverrides}. */
    ConfigSources sources(Path file, Map<String, String> environment, List<String> moreOverrides) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(moreOverrides);
        return new ConfigSources(Optional.ofNullable(file), environment, all);
    }
}
