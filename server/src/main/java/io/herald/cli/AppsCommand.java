package io.herald.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald apps}: the app store's database (docs/apps.md). */
@Command(
        name = "apps",
        description = {"Manage apps: list, show, create, update, enable, disable, delete and rotate-secret call a running node's admin"
                + " API (HERALD_ADMIN_TOKEN); migrate creates Herald's own tables in the app store's database."},
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
