package io.herald.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** One run of the herald command tree in this JVM: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    /** A lifetime for commands that must not start a node. */
    static final NodeLifetime NO_NODE = node -> {
        throw new AssertionError("this command should not start a node");
    };

    static CommandRun of(Map<String, String> environment, NodeLifetime lifetime, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = HeraldCommand.commandLine(environment, lifetime);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exitCode = cli.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    static CommandRun of(String... args) {
        return of(Map.of(), NO_NODE, args);
    }
}
