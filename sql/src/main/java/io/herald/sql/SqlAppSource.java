package io.herald.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.herald.app.AppAdmin;
import io.herald.app.AppConfig;
import io.herald.app.AppConflictException;
import io.herald.app.AppSource;
import io.herald.app.AppStoreException;
import io.herald.app.Secrets;
import io.herald.config.AppStoreConfig;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.config.WebhooksConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads apps from soketi's {@code apps} table (PostgreSQL, MySQL 8, MariaDB) through a HikariCP
 * pool, with Herald's own settings from {@code herald_app_settings} when {@code herald apps
 * migrate} created it. Values are always bound as parameters; the table name comes from the
 * configuration, checked to be an identifier.
 *
 * <p>A row that makes no valid app (a malformed webhooks column, a missing column, a key another
 * row has too) is skipped and logged once with its id, never its secret; the other rows are
 * served. Rows are turned into apps once and reused while they stay the same, so a refresh of a
 * large table costs little more than the query.
 */
public final class SqlAppSource implements AppSource, AppAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(SqlAppSource.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HikariDataSource pool;
    private final SqlDialect dialect;
    private final String table;
    private final String description;
    private final WebhooksConfig.EndpointDefaults endpointDefaults;
    private final ConfigLoader loader = new ConfigLoader();
    private final int queryTimeoutSeconds;
    /** Each row seen, by its content, with the app it made (empty: a bad row, already logged). */
    private volatile Map<Map<String, Object>, Optional<AppConfig>> converted = new ConcurrentHashMap<>();
    private volatile boolean heraldSettings;

    private SqlAppSource(HikariDataSource pool, AppStoreConfig config, SqlDialect dialect,
            WebhooksConfig.EndpointDefaults endpointDefaults) {
        this.pool = pool;
        this.dialect = dialect;
        this.table = config.table();
        this.endpointDefaults = endpointDefaults;
        this.queryTimeoutSeconds = Math.max(1, config.connectionTimeout() / 1000 * 5);
        this.description = config.driver().name().toLowerCase(Locale.ROOT) + " " + withoutCredentials(config.url())
                + ", table " + config.table();
    }

    /**
     * A pool on the configured database; connections are made on first use, so this does not fail
     * on a database that is down.
     */
    public static SqlAppSource open(AppStoreConfig config, WebhooksConfig.EndpointDefaults endpointDefaults) {
        SqlDialect dialect = SqlDialect.of(config.driver());
        return new SqlAppSource(new HikariDataSource(poolConfig(config, dialect, "herald-app-store", config.poolSize())),
                config, dialect, endpointDefaults);
    }

    static HikariConfig poolConfig(AppStoreConfig config, SqlDialect dialect, String name, int size) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(name);
        hikari.setDriverClassName(dialect.driverClass());
        hikari.setJdbcUrl(dialect.jdbcUrl(config.url()));
        if (!config.username().isEmpty()) {
            hikari.setUsername(config.username());
        }
        String password = password(config);
        if (!password.isEmpty()) {
            hikari.setPassword(password);
        }
        hikari.setMaximumPoolSize(size);
        hikari.setMinimumIdle(Math.min(1, size));
        hikari.setConnectionTimeout(config.connectionTimeout());
        // The first read reports a database that is down, in Herald's words; the pool need not throw first.
        hikari.setInitializationFailTimeout(-1);
        hikari.addDataSourceProperty(dialect.socketTimeoutProperty(), dialect.socketTimeout());
        return hikari;
    }

    private static String password(AppStoreConfig config) {
        if (config.passwordFile().isEmpty()) {
            return config.password();
        }
        try {
            return Files.readString(Path.of(config.passwordFile())).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read app-store.password-file " + config.passwordFile(), e);
        }
    }

    private static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        int at = base.indexOf('@');
        return at < 0 ? base : base.substring(0, base.indexOf("//") + 2) + base.substring(at + 1);
    }

    @Override
    public Optional<AppConfig> loadByKey(String key) {
        List<AppConfig> apps = apps(query(where(dialect.column("key")), key));
        if (apps.size() > 1) {
            LOG.error("App store: {} rows of {} have key {}; none of them is served until the key is unique",
                    apps.size(), table, key);
            return Optional.empty();
        }
        return apps.stream().findFirst();
    }

    @Override
    public Optional<AppConfig> loadById(String id) {
        List<AppConfig> apps = apps(query(where(dialect.column("id")), id));
        return apps.size() == 1 ? Optional.of(apps.getFirst()) : Optional.empty();
    }

    @Override
    public List<AppConfig> loadAll() {
        checkHeraldSettings();
        List<Map<String, Object>> rows = query("", null);
        Map<Map<String, Object>, Optional<AppConfig>> seen = new ConcurrentHashMap<>();
        List<AppConfig> apps = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Optional<AppConfig> app = convert(row);
            seen.put(row, app);
            app.ifPresent(apps::add);
        }
        converted = seen;
        Map<String, List<AppConfig>> byKey = apps.stream().collect(Collectors.groupingBy(AppConfig::key));
        Map<String, List<AppConfig>> byId = apps.stream().collect(Collectors.groupingBy(AppConfig::id));
        List<AppConfig> unique = new ArrayList<>();
        for (AppConfig app : apps) {
            if (byKey.get(app.key()).size() == 1 && byId.get(app.id()).size() == 1) {
                unique.add(app);
            }
        }
        if (unique.size() < apps.size()) {
            LOG.error("App store: rows of {} share a key or an id and are not served until they are unique: {}", table,
                    apps.stream().filter(app -> !unique.contains(app)).map(app -> "id=" + app.id() + " key=" + app.key())
                            .collect(Collectors.joining("; ")));
        }
        return unique;
    }

    private List<AppConfig> apps(List<Map<String, Object>> rows) {
        List<AppConfig> apps = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Optional<AppConfig> app = convert(row);
            converted.put(row, app);
            app.ifPresent(apps::add);
        }
        return apps;
    }

    private Optional<AppConfig> convert(Map<String, Object> row) {
        Optional<AppConfig> known = converted.get(row);
        if (known != null) {
            return known;
        }
        try {
            List<String> skipped = new ArrayList<>();
            AppConfig app = loader.app(SoketiRows.appFields(row, skipped), endpointDefaults);
            if (!skipped.isEmpty()) {
                LOG.warn("App store: app {} has webhooks Herald cannot call, left out: {}", app.id(), skipped);
            }
            return Optional.of(app);
        } catch (BadRowException e) {
            LOG.error("App store: skipping the row {} of {}: {}", SoketiRows.describe(row), table, e.getMessage());
        } catch (ConfigException e) {
            LOG.error("App store: skipping the row {} of {}: {}", SoketiRows.describe(row), table,
                    String.join("; ", e.problems()));
        }
        return Optional.empty();
    }

    private String select() {
        return heraldSettings
                ? "SELECT a.*, h.settings AS " + SoketiRows.HERALD_SETTINGS + " FROM " + table
                        + " a LEFT JOIN " + HeraldTables.SETTINGS + " h ON h.app_id = a." + dialect.column("id")
                : "SELECT a.* FROM " + table + " a";
    }

    private String where(String column) {
        return " WHERE a." + column + " = ?";
    }

    /** Whether herald_app_settings exists (herald apps migrate may have run since the last look). */
    private void checkHeraldSettings() {
        try (Connection connection = pool.getConnection()) {
            boolean had = heraldSettings;
            heraldSettings = HeraldTables.hasSettings(connection);
            if (heraldSettings != had) {
                LOG.info("App store: reading Herald's own app settings from {}", HeraldTables.SETTINGS);
            }
        } catch (SQLException e) {
            throw new AppStoreException("cannot read the apps from " + description + ": " + e.getMessage(), e);
        }
    }

    /** The rows of {@code select() + where}, {@code value} bound to its parameter when not null. */
    private List<Map<String, Object>> query(String where, String value) {
        try (Connection connection = pool.getConnection()) {
            return query(connection, where, value);
        } catch (SQLException e) {
            throw new AppStoreException("cannot read the apps from " + description + ": " + e.getMessage(), e);
        }
    }

    private List<Map<String, Object>> query(Connection connection, String where, String value) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(select() + where)) {
            statement.setQueryTimeout(queryTimeoutSeconds);
            if (value != null) {
                statement.setString(1, value);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows(rows);
            }
        }
    }

    private static List<Map<String, Object>> rows(ResultSet rows) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int columns = meta.getColumnCount();
        List<Map<String, Object>> result = new ArrayList<>();
        while (rows.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= columns; i++) {
                Object value = rows.getObject(i);
                // JSON columns come as driver objects (PGobject) or text; numbers and booleans as they are.
                row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT),
                        value == null || value instanceof Number || value instanceof Boolean ? value : value.toString());
            }
            result.add(row);
        }
        return result;
    }

    @Override
    public Optional<AppConfig> setEnabled(String id, boolean enabled) {
        return change(id, connection -> {
            mergeSettings(connection, id, JSON.createObjectNode().put("enabled", enabled));
            return true;
        });
    }

    @Override
    public Optional<AppConfig> rotateSecret(String id, Instant previousValidUntil) {
        return change(id, connection -> {
            String previous;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT secret FROM " + table + " WHERE " + dialect.column("id") + " = ?")) {
                select.setString(1, id);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    previous = row.getString(1);
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE " + table + " SET secret = ? WHERE " + dialect.column("id") + " = ?")) {
                update.setString(1, Secrets.random());
                update.setString(2, id);
                update.executeUpdate();
            }
            mergeSettings(connection, id, JSON.createObjectNode().put("previous-secret", previous)
                    .put("previous-secret-expires-at", previousValidUntil.toString()));
            return true;
        });
    }

    @Override
    public Optional<AppConfig> update(String id, ObjectNode changes) {
        return change(id, connection -> {
            if (!lockRow(connection, id)) {
                return false;
            }
            heraldSettings = HeraldTables.hasSettings(connection);
            List<Map<String, Object>> rows = query(connection, where(dialect.column("id")), id);
            ObjectNode fields;
            try {
                fields = SoketiRows.appFields(rows.getFirst(), new ArrayList<>());
            } catch (BadRowException e) {
                throw new ConfigException(List.of("the stored row of app " + id + " makes no valid app: " + e.getMessage()));
            }
            changes.properties().forEach(change -> {
                if (change.getValue().isNull()) {
                    fields.remove(change.getKey());
                } else {
                    fields.set(change.getKey(), change.getValue());
                }
            });
            AppConfig app = loader.app(fields, endpointDefaults);
            if (changes.has("key") && keyTakenByAnother(connection, app)) {
                throw new AppConflictException("Another app has the key '" + app.key() + "'");
            }
            ObjectNode settings = SoketiColumns.update(connection, table, dialect, app, changes);
            boolean settingsToWrite = settings.properties().stream().anyMatch(setting -> !setting.getValue().isNull());
            // Nulls only take keys out of Herald's table: nothing to do when there is none yet.
            if (settingsToWrite || (!settings.isEmpty() && heraldSettings)) {
                mergeSettings(connection, id, settings);
            }
            return true;
        });
    }

    /** Takes the app's row for the transaction, so that two changes of one app do not overwrite each other. */
    private boolean lockRow(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + dialect.column("id") + " FROM " + table + " WHERE " + dialect.column("id") + " = ? FOR UPDATE")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private boolean keyTakenByAnother(Connection connection, AppConfig app) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE "
                + dialect.column("key") + " = ? AND " + dialect.column("id") + " <> ?")) {
            select.setString(1, app.key());
            select.setString(2, app.id());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    @Override
    public boolean delete(String id) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (HeraldTables.hasSettings(connection)) {
                    try (PreparedStatement settings = connection.prepareStatement(
                            "DELETE FROM " + HeraldTables.SETTINGS + " WHERE app_id = ?")) {
                        settings.setString(1, id);
                        settings.executeUpdate();
                    }
                }
                int deleted;
                try (PreparedStatement app = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE " + dialect.column("id") + " = ?")) {
                    app.setString(1, id);
                    deleted = app.executeUpdate();
                }
                connection.commit();
                return deleted > 0;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AppStoreException("cannot change the apps of " + description + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean create(AppConfig app) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (exists(connection, app)) {
                    connection.rollback();
                    return false;
                }
                SoketiColumns.insert(connection, table, dialect, app);
                if (HeraldTables.hasSettings(connection)) {
                    mergeSettings(connection, app.id(), SoketiColumns.heraldOnly(app, JSON));
                }
                connection.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AppStoreException("cannot change the apps of " + description + ": " + e.getMessage(), e);
        }
    }

    private boolean exists(Connection connection, AppConfig app) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table + " WHERE "
                + dialect.column("id") + " = ? OR " + dialect.column("key") + " = ?")) {
            select.setString(1, app.id());
            select.setString(2, app.key());
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    /** A change in one transaction; the app as it is then, or empty when {@code change} found none. */
    private Optional<AppConfig> change(String id, SqlChange change) {
        boolean found;
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                found = change.apply(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new AppStoreException("cannot change the apps of " + description + ": " + e.getMessage(), e);
        }
        return found ? loadById(id) : Optional.empty();
    }

    @FunctionalInterface
    private interface SqlChange {
        boolean apply(Connection connection) throws SQLException;
    }

    /**
     * Lays {@code changes} over the app's row of herald_app_settings, creating it when missing; a
     * null in {@code changes} removes the key.
     */
    private void mergeSettings(Connection connection, String id, ObjectNode changes) throws SQLException {
        if (!HeraldTables.hasSettings(connection)) {
            throw new AppStoreException(HeraldTables.SETTINGS + " does not exist yet: run herald apps migrate", null);
        }
        heraldSettings = true;
        ObjectNode settings = JSON.createObjectNode();
        boolean exists = false;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT settings FROM " + HeraldTables.SETTINGS + " WHERE app_id = ? FOR UPDATE")) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    exists = true;
                    JsonNode held = readJson(row.getString(1));
                    if (held instanceof ObjectNode object) {
                        settings = object;
                    }
                }
            }
        }
        settings.setAll(changes);
        // A null takes the key out: the column, or the default, gives its value again.
        changes.properties().stream().filter(change -> change.getValue().isNull()).map(Map.Entry::getKey).toList()
                .forEach(settings::remove);
        try (PreparedStatement write = connection.prepareStatement(exists
                ? "UPDATE " + HeraldTables.SETTINGS + " SET settings = ? WHERE app_id = ?"
                : "INSERT INTO " + HeraldTables.SETTINGS + " (settings, app_id) VALUES (?, ?)")) {
            write.setString(1, settings.toString());
            write.setString(2, id);
            write.executeUpdate();
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        pool.close();
    }
}
