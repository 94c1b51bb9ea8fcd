package io.herald.cli;

import io.herald.config.HeraldConfig;
import io.herald.sql.HeraldTables;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * {@code herald apps migrate}: creates or upgrades Herald's own tables beside soketi's apps table.
 * Exit codes: 2 for a bad configuration or a static store, 1 when the database fails.
 */
@Command(
        name = "migrate",
        description = {"Create or upgrade Herald's own tables (herald_app_settings) in the app store's database,"
                + " beside the apps table, which is left as it is. Safe to run again."})
final class AppsMigrateCommand extends ConfiguredCommand {

    AppsMigrateCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        HeraldConfig config = databaseConfig("migrate the app store");
        if (config == null) {
            return 2;
        }
        try {
            int ran = HeraldTables.migrate(config.appStore());
            out().println(ran == 0
                    ? "Herald's tables are up to date."
                    : "Herald's tables are up to date (" + ran + " migration" + (ran == 1 ? "" : "s") + " applied).");
            return 0;
        } catch (RuntimeException e) {
            err().println("herald: cannot migrate the app store: " + e.getMessage());
            return 1;
        }
    }
}
