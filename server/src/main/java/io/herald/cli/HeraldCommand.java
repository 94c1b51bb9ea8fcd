package io.herald.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code herald} command: the entry point of the server jar. */
@Command(
        name = "herald",
        mixinStandardHelpOptions = true,
        versionProvider = HeraldVersion.class,
        description = "A self-hosted realtime messaging server speaking the Pusher Channels protocol.",
        synopsisSubcommandLabel = "COMMAND",
        usageHelpAutoWidth = true,
        footer = {"", "Run 'herald help COMMAND' or 'herald COMMAND --help' for a command's options."})
public final class HeraldCommand implements Callable<Integer> {

    private static final String NETTY_JFR = "io.netty.jfr.enabled";

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        // With JFR in the JDK, Netty sets up JFR events for its allocator as it loads: about 300 classes
        // (JFR's and the class-file API's) on every start, for events only a recording reads.
        // -Dio.netty.jfr.enabled=true brings them back for one.
        if (System.getProperty(NETTY_JFR) == null) {
            System.setProperty(NETTY_JFR, "false");
        }
        // Netty's leak detector keeps a stack trace of every 128th buffer: about 3 % of the CPU of
        // an HTTP API call. It finds bugs, not operating trouble; an explicit
        // -Dio.netty.leakDetection.level (the tests run with paranoid) still wins.
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            System.setProperty("io.netty.leakDetection.level", "disabled");
        }
        int exitCode = run(System.getenv(), new UntilProcessSignalled(), args);
        // start returns only when it failed; a running node ends the process from its shutdown hook.
        System.exit(exitCode);
    }

    /**
     * Runs the command {@code args} name: a plain {@code start} without picocli, which keeps a
     * node's start inside the ahead-of-time cache ({@link PlainStart}), everything else through it.
     */
    static int run(Map<String, String> environment, NodeLifetime lifetime, String... args) {
        Optional<PlainStart> plainStart = PlainStart.parse(args);
        if (plainStart.isEmpty()) {
            return commandLine(environment, lifetime).execute(args);
        }
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        try {
            return StartCommand.run(plainStart.get().sources(environment), lifetime, out, err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** The whole command tree, reading configuration variables from {@code environment}. */
    static CommandLine commandLine(Map<String, String> environment, NodeLifetime lifetime) {
        CommandLine config = new CommandLine(new ConfigCommand())
                .addSubcommand(new ConfigCheckCommand(environment))
                .addSubcommand(new ConfigDefaultsCommand());
        CommandLine webhookCommands = new CommandLine(new WebhooksCommand())
                .addSubcommand(new WebhooksDeadCommand(environment))
                .addSubcommand(new WebhooksReplayCommand(environment));
        CommandLine appCommands = new CommandLine(new AppsCommand())
                .addSubcommand(new AppsAdminCommands.ListApps(environment))
                .addSubcommand(new AppsAdminCommands.Show(environment))
                .addSubcommand(new AppsAdminCommands.Create(environment))
                .addSubcommand(new AppsAdminCommands.Update(environment))
                .addSubcommand(new AppsAdminCommands.Enable(environment))
                .addSubcommand(new AppsAdminCommands.Disable(environment))
                .addSubcommand(new AppsAdminCommands.Delete(environment))
                .addSubcommand(new AppsAdminCommands.RotateSecret(environment))
                .addSubcommand(new AppsImportCommand(environment))
                .addSubcommand(new AppsMigrateCommand(environment));
        return new CommandLine(new HeraldCommand())
                .addSubcommand(new StartCommand(environment, lifetime))
                .addSubcommand(new SenderCommand(environment, lifetime))
                .addSubcommand(config)
                .addSubcommand(webhookCommands)
                .addSubcommand(appCommands)
                .addSubcommand(new UsageCommand())
                .addSubcommand(new VersionCommand())
                .addSubcommand(new CommandLine.HelpCommand());
    }

    /** {@code herald} alone is a usage error: say which commands there are. */
    @Override
    public Integer call() {
        throw missingCommand(spec);
    }

    /** Thrown by a command group run without one of its commands; picocli prints it with the usage. */
    static CommandLine.ParameterException missingCommand(CommandSpec group) {
        return new CommandLine.ParameterException(group.commandLine(), "Missing command: choose one of "
                + String.join(", ", group.subcommands().keySet()));
    }
}
