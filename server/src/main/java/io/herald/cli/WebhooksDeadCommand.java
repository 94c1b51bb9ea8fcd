package io.herald.cli;

import io.herald.webhook.DeadJob;
import io.herald.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code herald webhooks dead}: lists the dead letters, oldest first. */
@Command(
        name = "dead",
        description = "List webhooks whose retry window ran out, oldest first: id, app, URL (without its query),"
                + " attempts, when it was given up (UTC) and its last error.")
final class WebhooksDeadCommand extends QueueCommand {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Show at most N (default ${DEFAULT-VALUE}).")
    int limit;

    WebhooksDeadCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    int run(WebhookQueue queue, PrintWriter out, PrintWriter err) {
        if (limit < 1) {
            err.println("herald: --limit must be at least 1");
            return 2;
        }
        List<DeadJob> dead = queue.deadLetters(limit);
        if (dead.isEmpty()) {
            out.println("No dead letters.");
            return 0;
        }
        out.println(String.join("\t", "ID", "APP", "URL", "ATTEMPTS", "DEAD AT", "LAST ERROR"));
        for (DeadJob job : dead) {
            out.println(String.join("\t", job.job().id(), job.job().appId(), withoutQuery(job.job().endpointUrl()),
                    Integer.toString(job.attempts()), Instant.ofEpochMilli(job.deadAtMillis()).toString(),
                    oneLine(job.lastError())));
        }
        return 0;
    }

    /** Endpoint URLs often carry a token in their query; a listing never shows it. */
    private static String withoutQuery(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        return parsed == null ? url : parsed.newBuilder().query(null).username("").password("").build().toString();
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}
