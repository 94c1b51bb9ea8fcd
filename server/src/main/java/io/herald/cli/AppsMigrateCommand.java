package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.sql.HeraldTables;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code herald apps migrate}: creates or upgrades Herald's own tables beside soketi's apps table.
 * Exit codes: 2 for a bad configuration or a static store, 1 when the database fails.
 */
@Command(
        name = "migrate",
        description = {"Create or upgrade Herald's own tables (herald_app_settings) in the app store's database,"
                + " beside the apps table, which is left as it is. Safe to run again."})
final class AppsMigrateCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption help;

    @Mixin
    ConfigFileOptions configuration;

    AppsMigrateCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        HeraldConfig config = CommandConfig.withDatabaseOrReport(configuration.sources(environment, List.of()), err,
                "migrate the app store");
        if (config == null) {
            return 2;
        }
        try {
            int ran = HeraldTables.migrate(config.appStore());
            spec.commandLine().getOut().println(ran == 0
                    ? "Herald's tables are up to date."
                    : "Herald's tables are up to date (" + ran + " migration" + (ran == 1 ? "" : "s") + " applied).");
            return 0;
        } catch (RuntimeException e) {
            err.println("herald: cannot migrate the app store: " + e.getMessage());
            return 1;
        }
    }
}
