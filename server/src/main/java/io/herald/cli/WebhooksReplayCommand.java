package io.herald.cli;

import io.herald.webhook.DeadJob;
import io.herald.webhook.JobLocation;
import io.herald.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code herald webhooks replay}: puts dead letters back in the queue as fresh jobs, then watches
 * the queue to report what became of them (the senders, in the node or in {@code herald sender}
 * processes, deliver them; this command sends nothing itself).
 */
@Command(
        name = "replay",
        description = {"Put dead letters back in the queue as fresh jobs, with the same id and body. Name them by id"
                + " (see 'herald webhooks dead'), or replay them all with --all.",
            "",
            "Then watches the queue until every replayed job was delivered or failed for good, or --wait ran out,"
                    + " and reports how many were delivered, failed again, or are still queued. A running sender"
                    + " (herald start, or herald sender) delivers them.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:at least one replayed job was delivered (or there were no dead letters to replay)",
            "1:some ids were not dead letters, or the queue failed",
            "2:wrong usage or configuration",
            "3:none of the replayed jobs was delivered within the wait"})
final class WebhooksReplayCommand extends QueueCommand {

    static final int NONE_DELIVERED = 3;
    private static final Duration POLL = Duration.ofMillis(250);

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(names = "--wait", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
            description = "How long to watch the replayed jobs (default: ${DEFAULT-VALUE}).")
    Duration wait;

    @Option(names = "--no-wait", description = "Report at once, without waiting for the senders.")
    boolean noWait;

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
        List<String> named = selection.all
                ? queue.deadLetters(Integer.MAX_VALUE).stream().map(DeadJob::job).map(job -> job.id()).distinct().toList()
                : selection.ids.stream().distinct().toList();
        if (selection.all && named.isEmpty()) {
            out.println("No dead letters to replay.");
            return 0;
        }
        Map<String, JobLocation> located = selection.all ? Map.of() : queue.locate(named);
        List<String> found = selection.all ? named
                : named.stream().filter(id -> located.containsKey(id) && located.get(id).state() == JobLocation.State.DEAD).toList();
        long replayedAt = System.nanoTime();
        int replayed = queue.replay(found);
        out.println("Replayed " + replayed + " job(s).");
        if (replayed == 0) {
            err.println("herald: none of the " + named.size() + " id(s) was a dead letter");
            return 1;
        }
        ReplayOutcome outcome = watch(queue, found, noWait ? Duration.ZERO : wait);
        report(outcome, Duration.ofNanos(System.nanoTime() - replayedAt), out);
        if (found.size() < named.size()) {
            err.println("herald: " + (named.size() - found.size()) + " of " + named.size() + " id(s) were not dead letters");
            return 1;
        }
        if (outcome.delivered().isEmpty()) {
            err.println("herald: none of the replayed jobs was delivered" + (outcome.stillQueued().isEmpty() ? ""
                    : "; jobs without a request yet wait for a sender (herald start or herald sender on this queue),"
                            + " or for their endpoint's circuit breaker to let a probe through"));
            return NONE_DELIVERED;
        }
        return 0;
    }

    /** Polls the queue until every job is delivered or dead again, or {@code wait} is over. */
    private static ReplayOutcome watch(WebhookQueue queue, List<String> ids, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            ReplayOutcome outcome = ReplayOutcome.of(ids, queue.locate(ids));
            if (outcome.settled() || System.nanoTime() >= deadline) {
                return outcome;
            }
            try {
                Thread.sleep(Math.min(POLL.toMillis(), Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return outcome;
            }
        }
    }

    private static void report(ReplayOutcome outcome, Duration after, PrintWriter out) {
        out.println(String.format(Locale.ROOT, "After %.1f s: %d delivered, %d failed again (%d dead again, %d waiting for a retry),"
                        + " %d still queued without a request.", after.toMillis() / 1000.0, outcome.delivered().size(),
                outcome.failedAgain(), outcome.deadAgain().size(), outcome.retrying().size(), outcome.stillQueued().size()));
        String error = outcome.aLastError();
        if (error != null) {
            out.println("Last error: " + error.replaceAll("\\s+", " ").strip());
        }
    }
}
