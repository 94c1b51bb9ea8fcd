package io.herald.cli;

import io.herald.config.ConfigLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reports every problem of a configuration without starting anything. */
@Command(
        name = "check",
        description = {"Check a configuration without starting anything.",
            "",
            "Reads it as start would: the file, HERALD_* environment variables and --set flags."
                    + " Prints every problem, one per line, and exits 1 if there are any.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the configuration would start", "1:it has problems", "2:wrong usage"})
final class ConfigCheckCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The YAML configuration file; without it the defaults are checked.")
    Path file;

    @Mixin
    ConfigOverrides overrides;

    ConfigCheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<String> problems = new ConfigLoader().check(overrides.sources(file, environment, List.of()));
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println((file == null ? "configuration" : file) + ": OK");
            return 0;
        }
        problems.forEach(spec.commandLine().getErr()::println);
        return 1;
    }
}
