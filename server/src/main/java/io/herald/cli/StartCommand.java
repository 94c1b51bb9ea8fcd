package io.herald.cli;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.node.HeraldNode;
import java.io.PrintWriter;
import java.util.ArrayList;
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

/** Starts a node and keeps it running until the process is told to stop. */
@Command(
        name = "start",
        description = {"Start a node: WebSocket gateway and HTTP API on one port, metrics on another.",
            "",
            "Configuration layers, each over the one before: the bundled defaults (herald config defaults),"
                    + " --config FILE, HERALD_* environment variables, then --set and the short flags below."
                    + " On SIGTERM or SIGINT it drains: not ready at once, clients told to reconnect elsewhere"
                    + " over server.drain.window seconds, webhooks handed to the queue; a second signal stops it at once.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT", "1:the node could not start, or did not stop cleanly", "2:wrong usage or configuration"})
final class StartCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(StartCommand.class);

    private final Map<String, String> environment;
    private final NodeLifetime lifetime;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "Address to listen on (server.host).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "WebSocket and HTTP API port (server.port).")
    Integer port;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Metrics and health port (metrics.port).")
    Integer metricsPort;

    @Mixin
    ConfigFileOptions configuration;

    StartCommand(Map<String, String> environment, NodeLifetime lifetime) {
        this.environment = environment;
        this.lifetime = lifetime;
    }

    @Override
    public Integer call() throws InterruptedException {
        return run(sources(), lifetime, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The file, the environment, {@code --set}, then the short flags. */
    ConfigSources sources() {
        return configuration.sources(environment, shortFlags(host, port, metricsPort));
    }

    /**
     * Loads the configuration, starts the node and keeps it running for {@code lifetime}: the exit
     * code, 2 for a configuration that does not load, 1 for a node that cannot start or did not stop
     * cleanly. Shared with {@link PlainStart}, which reads the same options without picocli.
     */
    static int run(ConfigSources sources, NodeLifetime lifetime, PrintWriter out, PrintWriter err)
            throws InterruptedException {
        HeraldConfig config = CommandConfig.loadOrReport(sources, err, "start");
        if (config == null) {
            return 2;
        }
        lifetime.beforeStart();
        HeraldNode node;
        try {
            node = HeraldNode.start(config);
        } catch (RuntimeException e) {
            LOG.debug("start failed", e);
            err.println("herald: cannot start: " + StartupFailure.describe(e, config));
            return 1;
        }
        try {
            warnAboutDemoApps(node.apps(), out);
            lifetime.runUntilStopped(node);
        } finally {
            node.close();
        }
        return node.stoppedCleanly() ? 0 : 1;
    }

    /** The --host, --port and --metrics-port given, as the settings they stand for. */
    static List<String> shortFlags(String host, Integer port, Integer metricsPort) {
        List<String> flags = new ArrayList<>();
        if (host != null) {
            flags.add("server.host=" + host);
        }
        if (port != null) {
            flags.add("server.port=" + port);
        }
        if (metricsPort != null) {
            flags.add("metrics.port=" + metricsPort);
        }
        return flags;
    }

    /** The node logs where it listens; what it cannot know is that the demo app is a risk. */
    private static void warnAboutDemoApps(AppRegistry apps, PrintWriter out) {
        apps.known().stream().filter(AppConfig::isDemo).forEach(demo -> DemoBanner.print(demo, out));
    }
}
