package io.herald.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald-bench}: load scenarios against a running Herald node. Each scenario prints a
 * progress line a second on stderr and its result as JSON on stdout.
 */
@Command(name = "herald-bench", mixinStandardHelpOptions = true, version = BenchCommand.VERSION,
        description = "Load generator for Herald: many Pusher WebSocket clients and a signed HTTP API publisher.",
        subcommands = {ConnectionsCommand.class, FanoutCommand.class, WorkerCommand.class})
public final class BenchCommand {

    static final String VERSION = "0.1.0";

    public static void main(String[] args) {
        // Its own name, so that a node's logback.xml on the same class path never configures the bench.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "herald-bench-logback.xml");
        }
        int code = new CommandLine(new BenchCommand()).execute(args);
        System.exit(code);
    }
}
