package io.herald.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald apps}: the app store's database (docs/apps.md). */
@Command(
        name = "apps",
        description = "Work on the app store's database (app-store.driver postgres or mysql).",
        synopsisSubcommandLabel = "COMMAND")
final class AppsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw HeraldCommand.missingCommand(spec);
    }
}
