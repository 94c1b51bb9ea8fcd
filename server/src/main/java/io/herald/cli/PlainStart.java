package io.herald.cli;

import io.herald.config.ConfigSources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code herald start} with only the options a node is started with ({@code --host}, {@code --port},
 * {@code --metrics-port}, {@code --config}, {@code --set}), read without picocli. picocli's class
 * files are Java 5's, which the JDK's ahead-of-time cache does not take, so a start through it
 * loads and verifies about 180 classes from the jar every time (docs/performance.md, "Start-up").
 * Anything else, help and every mistake included, goes to picocli, which reads and reports it as
 * {@link StartCommand} declares.
 *
 * @param configFile {@code --config}, if given
 * @param overrides the {@code --set} values, then the short flags as keys, in the order {@link StartCommand} layers them
 */
record PlainStart(Path configFile, List<String> overrides) {

    /** The start {@code args} ask for, or empty when picocli should read them. */
    static Optional<PlainStart> parse(String... args) {
        if (args.length == 0 || !args[0].equals("start")) {
            return Optional.empty();
        }
        Path configFile = null;
        String host = null;
        Integer port = null;
        Integer metricsPort = null;
        List<String> sets = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            String value;
            int equals = option.indexOf('=');
            if (option.startsWith("--") && equals > 0) {
                value = option.substring(equals + 1);
                option = option.substring(0, equals);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            // Each option but --set once, as picocli requires.
            switch (option) {
                case "--host" -> {
                    if (host != null) {
                        return Optional.empty();
                    }
                    host = value;
                }
                case "--port" -> {
                    if (port != null || !isPort(value)) {
                        return Optional.empty();
                    }
                    port = Integer.parseInt(value);
                }
                case "--metrics-port" -> {
                    if (metricsPort != null || !isPort(value)) {
                        return Optional.empty();
                    }
                    metricsPort = Integer.parseInt(value);
                }
                case "--config" -> {
                    if (configFile != null) {
                        return Optional.empty();
                    }
                    configFile = Path.of(value);
                }
                case "--set" -> sets.add(value);
                default -> {
                    return Optional.empty();
                }
            }
        }
        // After --set, in StartCommand's order.
        List<String> overrides = new ArrayList<>(sets);
        overrides.addAll(StartCommand.shortFlags(host, port, metricsPort));
        return Optional.of(new PlainStart(configFile, List.copyOf(overrides)));
    }

    /** Where this start's configuration comes from: the file, then the environment, then the overrides. */
    ConfigSources sources(Map<String, String> environment) {
        return new ConfigSources(Optional.ofNullable(configFile), environment, overrides);
    }

    /** Digits that picocli would read as an Integer; anything else is left to it to report. */
    private static boolean isPort(String value) {
        return !value.isEmpty() && value.length() <= 9 && value.chars().allMatch(Character::isDigit);
    }
}
