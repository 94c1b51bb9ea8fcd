package io.herald.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code herald webhooks}: inspect and replay the dead letters of the webhook queue. */
@Command(
        name = "webhooks",
        description = "Inspect and replay webhooks whose retry window ran out (the dead letters).",
        synopsisSubcommandLabel = "COMMAND")
final class WebhooksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Override
    public Integer call() {
        throw HeraldCommand.missingCommand(spec);
    }
}
