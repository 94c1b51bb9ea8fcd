package io.herald.cli;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.sender.DeliverySettings;
import io.herald.transport.ServerTls;
import io.herald.transport.TlsCredentials;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Reports every problem of a configuration without starting anything. */
@Command(
        name = "check",
        description = {"Check a configuration without starting anything.",
            "",
            "Reads it as start would: the file, HERALD_* environment variables and --set flags."
                    + " Prints every problem, one per line, and exits 1 if there are any. Settings that work"
                    + " but cost webhooks their attempts are printed as warnings and do not change the exit code.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the configuration would start", "1:it has problems", "2:wrong usage"})
final class ConfigCheckCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The YAML configuration file; without it the defaults are checked.")
    Path file;

    @Mixin
    ConfigOverrides overrides;

    ConfigCheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConfigSources sources = overrides.sources(file, environment, List.of());
        List<String> problems = new ArrayList<>(new ConfigLoader().check(sources));
        List<String> warnings = List.of();
        if (problems.isEmpty()) {
            HeraldConfig config = new ConfigLoader().load(sources);
            certificateProblem(config).ifPresent(problems::add);
            problems.addAll(DeliverySettings.problems(config.webhooks().sender(), config.apps()));
            warnings = DeliverySettings.warnings(config.webhooks().sender());
        }
        warnings.forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
        if (problems.isEmpty()) {
            spec.commandLine().getOut().println((file == null ? "configuration" : file) + ": OK"
                    + (warnings.isEmpty() ? "" : " (" + warnings.size() + " warning(s))"));
            return 0;
        }
        problems.forEach(spec.commandLine().getErr()::println);
        return 1;
    }

    /** Whether the TLS files, which the configuration check only found readable, hold a usable certificate. */
    private static Optional<String> certificateProblem(HeraldConfig config) {
        if (!config.server().tls().enabled() && !(config.metrics().enabled() && config.metrics().tls())) {
            return Optional.empty();
        }
        try {
            ServerTls.read(config.server().tls());
            return Optional.empty();
        } catch (TlsCredentials.InvalidCredentialsException | IOException e) {
            return Optional.of("server.tls: " + e.getMessage());
        }
    }
}
