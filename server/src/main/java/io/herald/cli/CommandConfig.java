package io.herald.cli;

import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import java.io.PrintWriter;

/** Loads a command's configuration, or prints every problem in it for the user. */
final class CommandConfig {

    private CommandConfig() {}

    /** The configuration, or null after printing "herald: cannot {@code doing}, ..." and each problem to {@code err}. */
    static HeraldConfig loadOrReport(ConfigSources sources, PrintWriter err, String doing) {
        try {
            return new ConfigLoader().load(sources);
        } catch (ConfigException e) {
            err.println("herald: cannot " + doing + ", the configuration has " + e.problems().size() + " problem(s):");
            e.problems().forEach(problem -> err.println("  " + problem));
            return null;
        }
    }

    /**
     * The configuration of a command that works on the app store's database; null, with the
     * problem printed, when it does not load or names no database.
     */
    static HeraldConfig withDatabaseOrReport(ConfigSources sources, PrintWriter err, String doing) {
        HeraldConfig config = loadOrReport(sources, err, doing);
        if (config != null && !config.appStore().driver().isSql()) {
            err.println("herald: cannot " + doing + ": app-store.driver is static, so the apps are in the configuration;"
                    + " give the configuration of the database (--config, or HERALD_APP_STORE_*)");
            return null;
        }
        return config;
    }
}
