package io.herald.cli;

import io.herald.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code herald webhooks replay}: puts dead letters back in the queue as fresh jobs. */
@Command(
        name = "replay",
        description = "Put dead letters back in the queue as fresh jobs, with the same id and body. Name them by id"
                + " (see 'herald webhooks dead'), or replay them all with --all.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every named job was replayed", "1:some ids were not dead letters, or the queue failed",
            "2:wrong usage or configuration"})
final class WebhooksReplayCommand extends QueueCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    static final class Selection {
        @Parameters(paramLabel = "ID", arity = "1..*", description = "Ids of dead letters to replay.")
        List<String> ids = new ArrayList<>();

        @Option(names = "--all", required = true, description = "Replay every dead letter.")
        boolean all;
    }

    WebhooksReplayCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run(WebhookQueue queue, PrintWriter out, PrintWriter err) {
        if (selection.all) {
            out.println("Replayed " + queue.replay(List.of()) + " job(s).");
            return 0;
        }
        List<String> ids = selection.ids.stream().distinct().toList();
        int replayed = queue.replay(ids);
        out.println("Replayed " + replayed + " job(s).");
        if (replayed < ids.size()) {
            err.println("herald: " + (ids.size() - replayed) + " of " + ids.size() + " id(s) were not dead letters");
            return 1;
        }
        return 0;
    }
}
