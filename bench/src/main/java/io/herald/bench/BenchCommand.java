package io.herald.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code herald-bench}: load scenarios against a running Herald node. Each scenario prints a
 * progress line a second on stderr and its result as JSON on stdout.
 */
@Command(name = "herald-bench", mixinStandardHelpOptions = true, version = BenchCommand.VERSION,
        description = "Load generator for Herald: many Pusher WebSocket clients, a signed HTTP API publisher and a webhook receiver.",
        subcommands = {ConnectionsCommand.class, ControlFloodCommand.class, FanoutCommand.class, PresenceCommand.class, WebhooksCommand.class,
                ReportCommand.class, WorkerCommand.class})
public final class BenchCommand {

    static final String VERSION = "0.1.0";

    /** A run that cannot go on says why in one line; a stack trace only for what is not understood. */
    private static int reportFailure(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
        if (error instanceof IllegalArgumentException || error instanceof IllegalStateException
                || error instanceof java.io.UncheckedIOException) {
            command.getErr().println("herald-bench: " + error.getMessage());
        } else {
            error.printStackTrace(command.getErr());
        }
        return 1;
    }

    public static void main(String[] args) {
        // Its own name, so that a node's logback.xml on the same class path never configures the bench.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "herald-bench-logback.xml");
        }
        // The generator's own buffers are not what is measured, and the leak detector's sampling (a
        // stack trace for every 128th buffer) takes CPU from the node it shares a machine with.
        // An explicit -Dio.netty.leakDetection.level (as the tests set) still wins.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        int code = new CommandLine(new BenchCommand())
                .setExecutionExceptionHandler(BenchCommand::reportFailure)
                .execute(args);
        System.exit(code);
    }
}
