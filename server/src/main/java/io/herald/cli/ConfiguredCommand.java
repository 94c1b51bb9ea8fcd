package io.herald.cli;

import io.herald.config.HeraldConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that reads the configuration as {@code herald start} does ({@code --config},
 * the environment, {@code --set}) and works on what it names: the webhook queue, the app store's
 * database. A configuration that does not load is printed, problem by problem, and exits 2.
 */
abstract class ConfiguredCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConfigFileOptions configuration;

    ConfiguredCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The configuration, or null with its problems printed ("herald: cannot {@code doing}, ..."). */
    HeraldConfig config(String doing) {
        return CommandConfig.loadOrReport(configuration.sources(environment, List.of()), err(), doing);
    }

    /** As {@link #config}, and null too when it names no app store database. */
    HeraldConfig databaseConfig(String doing) {
        return CommandConfig.withDatabaseOrReport(configuration.sources(environment, List.of()), err(), doing);
    }
}
