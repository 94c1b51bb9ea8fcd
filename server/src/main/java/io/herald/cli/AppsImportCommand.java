package io.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.herald.app.AppConfig;
import io.herald.config.HeraldConfig;
import io.herald.sql.AppImports;
import io.herald.sql.SqlAppSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code herald apps import FILE}: the apps of a Herald or soketi configuration file, written into
 * the app store's database (the configuration's app-store). Apps whose id or key exists are left
 * as they are. Exit codes: 0 done, 1 the database failed, 2 a bad configuration or file.
 */
@Command(name = "import", description = {"Import the apps of a Herald configuration (apps) or a soketi one"
        + " (appManager.array.apps, JSON or YAML) into the app store's database; existing ids and keys are kept."})
final class AppsImportCommand extends ConfiguredCommand {

    @Parameters(index = "0", paramLabel = "FILE", description = "The configuration file whose apps to import.")
    Path file;

    AppsImportCommand(Map<String, String> environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        PrintWriter out = out();
        PrintWriter err = err();
        HeraldConfig config = databaseConfig("import apps");
        if (config == null) {
            return 2;
        }
        JsonNode tree;
        try {
            ObjectMapper reader = file.toString().endsWith(".json") ? new ObjectMapper() : new YAMLMapper();
            tree = reader.readTree(file.toFile());
        } catch (IOException e) {
            err.println("herald: cannot read " + file + ": " + e.getMessage());
            return 2;
        }
        AppImports.Read read = AppImports.read(tree, config.webhooks().endpointDefaults());
        read.problems().forEach(problem -> err.println("herald: " + file + ": " + problem));
        if (!read.problems().isEmpty()) {
            err.println("herald: nothing imported; fix the apps above first");
            return 2;
        }
        try (SqlAppSource store = SqlAppSource.open(config.appStore(), config.webhooks().endpointDefaults())) {
            int imported = 0;
            for (AppConfig app : read.apps()) {
                if (store.create(app)) {
                    imported++;
                    out.println("imported app " + app.id() + " (key " + app.key() + ")");
                } else {
                    out.println("kept app " + app.id() + ": its id or key exists already");
                }
            }
            out.println(imported + " of " + read.apps().size() + " apps imported into " + store.describe());
            return 0;
        } catch (RuntimeException e) {
            err.println("herald: cannot import: " + e.getMessage());
            return 1;
        }
    }
}
