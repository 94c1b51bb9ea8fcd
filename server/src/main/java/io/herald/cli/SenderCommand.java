package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.link.ClusterDrivers;
import io.herald.queue.WebhookQueues;
import io.herald.sender.ClusterDebounceCheck;
import io.herald.sender.DebounceCheck;
import io.herald.sender.StandaloneSender;
import io.herald.webhook.WebhookQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code herald sender}: a process that only delivers webhooks from the shared queue. */
@Command(
        name = "sender",
        description = {"Run only the webhook sender: it takes jobs from the configured webhook queue and delivers"
                + " them, competing with any other senders on the same queue. No WebSocket or HTTP API listener;"
                + " the metrics port (/metrics, /health, /ready) is served. Stops cleanly on SIGTERM or SIGINT,"
                + " returning unfinished jobs to the queue.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:the sender could not start", "2:wrong usage or configuration"})
final class SenderCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(SenderCommand.class);

    private final Map<String, String> environment;
    private final NodeLifetime lifetime;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Metrics and health port (metrics.port).")
    Integer metricsPort;

    @Mixin
    ConfigFileOptions configuration;

    SenderCommand(Map<String, String> environment, NodeLifetime lifetime) {
        this.environment = environment;
        this.lifetime = lifetime;
    }

    @Override
    public Integer call() throws InterruptedException {
        List<String> flags = metricsPort == null ? List.of() : List.of("metrics.port=" + metricsPort);
        HeraldConfig config = CommandConfig.loadOrReport(configuration.sources(environment, flags),
                spec.commandLine().getErr(), "start the sender");
        if (config == null) {
            return 2;
        }
        lifetime.beforeStart();
        StandaloneSender sender;
        try {
            WebhookQueue queue = WebhookQueues.open(config.webhooks());
            sender = StandaloneSender.start(config, queue, debounceCheck(config, queue));
            LOG.info("Herald webhook sender delivering from {} with {} workers; {}", queue,
                    config.webhooks().sender().concurrency(),
                    sender.metricsPort() < 0 ? "metrics off"
                            : "metrics on http://" + config.metrics().host() + ":" + sender.metricsPort() + "/metrics");
        } catch (RuntimeException e) {
            LOG.debug("sender start failed", e);
            spec.commandLine().getErr().println("herald: cannot start the sender: " + e.getMessage());
            return 1;
        }
        try {
            lifetime.runSenderUntilStopped(sender);
        } finally {
            sender.close();
        }
        return 0;
    }

    /**
     * With a queue that cannot cancel debounced jobs, a sender of a cluster reads the cluster state
     * to drop those undone when due; it only reads, under a name of its own, and holds no lease.
     */
    private static DebounceCheck debounceCheck(HeraldConfig config, WebhookQueue queue) {
        if (!config.cluster().enabled() || config.webhooks().debounce() <= 0 || queue.cancels()) {
            return DebounceCheck.NONE;
        }
        try {
            return new ClusterDebounceCheck(ClusterDrivers.CONFIGURED.state(config.cluster(),
                    "herald-sender-" + ProcessHandle.current().pid()), true);
        } catch (RuntimeException e) {
            queue.close();
            throw e;
        }
    }
}
