package io.herald.sql;

import com.zaxxer.hikari.HikariDataSource;
import io.herald.config.AppStoreConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Herald's own tables beside soketi's: {@code herald_app_settings}, the settings soketi lacks, one
 * JSON object of app keys per app id. Created and upgraded by Flyway ({@code herald apps migrate}),
 * with its history in {@code herald_schema_history} so that an application's own Flyway history
 * in the same schema is left alone.
 */
public final class HeraldTables {

    static final String SETTINGS = "herald_app_settings";
    private static final String HISTORY = "herald_schema_history";

    private HeraldTables() {}

    /** Creates or upgrades Herald's tables; returns how many migrations ran. */
    public static int migrate(AppStoreConfig config) {
        SqlDialect dialect = SqlDialect.of(config.driver());
        try (HikariDataSource dataSource = new HikariDataSource(
                SqlAppSource.poolConfig(config, dialect, "herald-migrate", 2))) {
            MigrateResult result = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:io/herald/sql/migration")
                    .table(HISTORY)
                    // The schema already holds soketi's apps table: Herald's history starts beside it.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        }
    }

    static boolean hasSettings(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT app_id FROM " + SETTINGS + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
