package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.queue.WebhookQueues;
import io.herald.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.util.Map;

/**
 * A command that works on the node's webhook queue: it reads the configuration as
 * {@code herald start} does, opens the configured queue, runs, and closes the queue.
 * Exit codes: 2 for a bad configuration, 1 when the queue cannot be opened or fails.
 */
abstract class QueueCommand extends ConfiguredCommand {

    QueueCommand(Map<String, String> environment) {
        super(environment);
    }

    /** Works on the open queue; returns the exit code. */
    abstract int run(WebhookQueue queue, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter err = err();
        HeraldConfig config = config("open the webhook queue");
        if (config == null) {
            return 2;
        }
        WebhookQueue queue;
        try {
            queue = WebhookQueues.open(config.webhooks());
        } catch (RuntimeException e) {
            err.println("herald: " + e.getMessage());
            return 1;
        }
        try (queue) {
            return run(queue, out(), err);
        } catch (RuntimeException e) {
            err.println("herald: the webhook queue failed: " + e.getMessage());
            return 1;
        }
    }
}
