package io.herald.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writing an app into soketi's table, the way back of {@link SoketiRows}: the columns the table
 * has get the app's values (a limit of 0, Herald's "none", becomes soketi's -1); Herald's settings
 * that no column holds go to herald_app_settings.
 */
final class SoketiColumns {

    /** Herald's app keys that soketi's columns hold, so herald_app_settings need not repeat them. */
    private static final Set<String> IN_SOKETIS_COLUMNS = Set.of("id", "key", "secret", "enabled", "client-events",
            "max-connections", "client-events-per-second", "max-backend-events-per-second",
            "max-read-requests-per-second", "webhooks");

    private SoketiColumns() {}

    /** soketi's column for each of Herald's app keys that one holds (id and secret aside). */
    private static final Map<String, String> COLUMN_OF_KEY = Map.of("key", "key", "enabled", "enabled",
            "client-events", "enable_client_messages", "user-authentication", "enable_user_authentication",
            "max-connections", "max_connections", "client-events-per-second", "max_client_events_per_sec",
            "max-backend-events-per-second", "max_backend_events_per_sec",
            "max-read-requests-per-second", "max_read_req_per_sec", "webhooks", "webhooks");

    static void insert(Connection connection, String table, SqlDialect dialect, AppConfig app) throws SQLException {
        Map<String, Object> values = values(app);
        values.keySet().retainAll(columns(connection, table));
        List<String> names = new ArrayList<>(values.keySet());
        String sql = "INSERT INTO " + table + " (" + String.join(", ", names.stream().map(dialect::column).toList())
                + ") VALUES (" + String.join(", ", names.stream().map(name -> "?").toList()) + ")";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            bind(insert, 1, names, values, dialect);
            insert.executeUpdate();
        }
    }

    /**
     * Writes the columns the table has for the app keys in {@code changes}, with the values of
     * {@code app} (the app with the changes laid over). Returns the changes the columns do not
     * hold, for herald_app_settings, each written to a column becoming a null there, so that the
     * column rules again.
     */
    static ObjectNode update(Connection connection, String table, SqlDialect dialect, AppConfig app,
            ObjectNode changes) throws SQLException {
        Set<String> columns = columns(connection, table);
        Map<String, Object> values = values(app);
        Map<String, Object> written = new LinkedHashMap<>();
        ObjectNode settings = changes.objectNode();
        changes.properties().forEach(change -> {
            String column = COLUMN_OF_KEY.get(change.getKey());
            if (column != null && columns.contains(column)) {
                written.put(column, values.get(column));
                settings.putNull(change.getKey());
            } else {
                settings.set(change.getKey(), change.getValue());
            }
        });
        if (!written.isEmpty()) {
            List<String> names = new ArrayList<>(written.keySet());
            String sql = "UPDATE " + table + " SET " + String.join(", ", names.stream()
                    .map(name -> dialect.column(name) + " = ?").toList()) + " WHERE " + dialect.column("id") + " = ?";
            try (PreparedStatement update = connection.prepareStatement(sql)) {
                bind(update, 1, names, written, dialect);
                update.setString(names.size() + 1, app.id());
                update.executeUpdate();
            }
        }
        return settings;
    }

    /** The app as soketi's columns hold it (a limit of 0, Herald's "none", as soketi's -1). */
    private static Map<String, Object> values(AppConfig app) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", app.id());
        values.put("key", app.key());
        values.put("secret", app.secret());
        values.put("max_connections", noneAsMinusOne(app.maxConnections()));
        values.put("enable_client_messages", app.clientEvents() ? 1 : 0);
        values.put("enabled", app.enabled() ? 1 : 0);
        // soketi's PostgreSQL schema has enable_stats, NOT NULL, instead of enabled.
        values.put("enable_stats", 0);
        values.put("enable_user_authentication", app.userAuthentication() ? 1 : 0);
        values.put("max_backend_events_per_sec", noneAsMinusOne(app.maxBackendEventsPerSecond()));
        values.put("max_client_events_per_sec", noneAsMinusOne(app.clientEventsPerSecond()));
        values.put("max_read_req_per_sec", noneAsMinusOne(app.maxReadRequestsPerSecond()));
        values.put("webhooks", webhooks(app).toString());
        return values;
    }

    private static void bind(PreparedStatement statement, int first, List<String> names, Map<String, Object> values,
            SqlDialect dialect) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            Object value = values.get(names.get(i));
            if (value instanceof Integer number) {
                statement.setInt(first + i, number);
            } else if (names.get(i).equals("webhooks") && dialect == SqlDialect.POSTGRES) {
                // A json column takes text only as a value of unknown type, which PostgreSQL then casts.
                statement.setObject(first + i, value, Types.OTHER);
            } else {
                statement.setString(first + i, value.toString());
            }
        }
    }

    /** Herald's settings of the app that have no soketi column. */
    static ObjectNode heraldOnly(AppConfig app, ObjectMapper json) {
        ObjectNode all = json.copy().setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE).valueToTree(app);
        IN_SOKETIS_COLUMNS.forEach(all::remove);
        all.remove("demo");
        return all;
    }

    private static ArrayNode webhooks(AppConfig app) {
        ArrayNode hooks = new ObjectMapper().createArrayNode();
        for (WebhookEndpoint endpoint : app.webhooks()) {
            ObjectNode hook = hooks.addObject().put("url", endpoint.url());
            hook.putArray("event_types").addAll(endpoint.eventTypes().stream()
                    .map(hooks::textNode).toList());
            ObjectNode filter = hook.putObject("filter");
            filter.put("channel_name_starts_with", endpoint.channelPrefix());
            filter.put("channel_name_ends_with", endpoint.channelSuffix());
            ObjectNode headers = hook.putObject("headers");
            endpoint.headers().forEach(headers::put);
        }
        return hooks;
    }

    private static int noneAsMinusOne(int limit) {
        return limit == 0 ? -1 : limit;
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT * FROM " + table + " WHERE 1 = 0");
                ResultSet none = select.executeQuery()) {
            ResultSetMetaData meta = none.getMetaData();
            Set<String> names = new TreeSet<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
            }
            return names;
        }
    }
}
