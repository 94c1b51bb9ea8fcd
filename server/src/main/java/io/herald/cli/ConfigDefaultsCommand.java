package io.herald.cli;

import io.herald.config.ConfigLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "defaults",
        description = {"Print every configuration key with its default and meaning, as YAML.",
            "",
            "A good start for a --config file: herald config defaults > herald.yaml",
            ""})
final class ConfigDefaultsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(ConfigLoader.defaultsText());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
