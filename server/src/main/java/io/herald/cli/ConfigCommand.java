package io.herald.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code config} group: check a configuration, print the defaults. */
@Command(
        name = "config",
        synopsisSubcommandLabel = "COMMAND",
        description = "Check a configuration file or print the annotated defaults.")
final class ConfigCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw HeraldCommand.missingCommand(spec);
    }
}
