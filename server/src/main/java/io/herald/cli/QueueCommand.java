package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.queue.WebhookQueues;
import io.herald.webhook.WebhookQueue;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that works on the node's webhook queue: it reads the configuration as
 * {@code herald start} does, opens the configured queue, runs, and closes the queue.
 * Exit codes: 2 for a bad configuration, 1 when the queue cannot be opened or fails.
 */
abstract class QueueCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConfigFileOptions configuration;

    QueueCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Works on the open queue; returns the exit code. */
    abstract int run(WebhookQueue queue, PrintWriter out, PrintWriter err);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        HeraldConfig config = CommandConfig.loadOrReport(configuration.sources(environment, List.of()), err,
                "open the webhook queue");
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
            return run(queue, spec.commandLine().getOut(), err);
        } catch (RuntimeException e) {
            err.println("herald: the webhook queue failed: " + e.getMessage());
            return 1;
        }
    }
}
