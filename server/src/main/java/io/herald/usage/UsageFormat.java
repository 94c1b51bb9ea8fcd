package io.herald.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How {@code herald usage} prints a {@link UsageReport}: an aligned table for people, JSON and
 * CSV for billing scripts. JSON and CSV also split the published events into API and client.
 */
public enum UsageFormat {

    TABLE {
        @Override
        public void write(UsageReport report, PrintWriter out) {
            out.println(heading(report));
            if (report.apps().isEmpty()) {
                out.println("No app usage found.");
                return;
            }
            List<Column> columns = Column.TABLE;
            List<String[]> rows = new ArrayList<>();
            rows.add(columns.stream().map(Column::header).toArray(String[]::new));
            for (AppUsage app : report.apps()) {
                rows.add(columns.stream().map(column -> column.text(app)).toArray(String[]::new));
            }
            int[] widths = new int[columns.size()];
            for (String[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    String cell = row[i];
                    String pad = " ".repeat(widths[i] - cell.length());
                    line.append(i == 0 ? "" : "  ").append(i == 0 ? cell + pad : pad + cell);
                }
                out.println(line.toString().stripTrailing());
            }
        }
    },

    JSON {
        @Override
        public void write(UsageReport report, PrintWriter out) {
            ObjectNode root = MAPPER.createObjectNode();
            if (report.period() == null) {
                root.putNull("period_seconds");
            } else {
                root.put("period_seconds", report.period().toMillis() / 1000.0);
            }
            report.sources().forEach(root.putArray("sources")::add);
            ArrayNode apps = root.putArray("apps");
            for (AppUsage app : report.apps()) {
                ObjectNode row = apps.addObject();
                for (Column column : Column.ALL) {
                    Object value = column.value().apply(app);
                    switch (value) {
                        case String text -> row.put(column.key(), text);
                        case Long number -> row.put(column.key(), number);
                        case BigDecimal number -> row.put(column.key(), number);
                        default -> throw new IllegalStateException("unexpected column value " + value);
                    }
                }
            }
            try {
                out.println(MAPPER.writeValueAsString(root));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("could not write the usage as JSON", e);
            }
        }
    },

    CSV {
        @Override
        public void write(UsageReport report, PrintWriter out) {
            out.print(String.join(",", Column.ALL.stream().map(Column::key).toList()) + "\r\n");
            for (AppUsage app : report.apps()) {
                out.print(String.join(",", Column.ALL.stream().map(column -> csvField(column.text(app))).toList()) + "\r\n");
            }
            out.flush();
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public abstract void write(UsageReport report, PrintWriter out);

    /** {@code table}, {@code json} or {@code csv}, in any case. */
    public static UsageFormat parse(String name) {
        for (UsageFormat format : values()) {
            if (format.name().equalsIgnoreCase(name)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + name + "': choose table, json or csv");
    }

    private static String heading(UsageReport report) {
        int nodes = report.sources().size();
        String from = nodes == 1 ? "1 node" : nodes + " nodes";
        return report.period() == null
                ? "Usage since each node started (" + from + "):"
                : "Usage over " + seconds(report.period().toMillis() / 1000.0, 1) + " s (" + from + "):";
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static String csvField(String text) {
        return text.contains(",") || text.contains("\"") || text.contains("\r") || text.contains("\n")
                ? "\"" + text.replace("\"", "\"\"") + "\""
                : text;
    }

    private static BigDecimal seconds(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
    }

    /** One figure of a row: its table header, JSON and CSV key, and value. */
    private record Column(String header, String key, Function<AppUsage, Object> value) {

        static final Column APP = new Column("APP", "app", AppUsage::app);
        static final Column CONNECTION_SECONDS = new Column("CONN-SECONDS", "connection_seconds",
                usage -> seconds(usage.connectionSeconds(), 3));
        static final Column PEAK = new Column("PEAK-CONN", "peak_connections", AppUsage::peakConnections);
        static final Column PUBLISHED = new Column("PUBLISHED", "published", AppUsage::published);
        static final Column PUBLISHED_API = new Column("API-EVENTS", "published_api", AppUsage::publishedApi);
        static final Column PUBLISHED_CLIENT = new Column("CLIENT-EVENTS", "published_client", AppUsage::publishedClient);
        static final Column DELIVERED = new Column("DELIVERED", "delivered", AppUsage::delivered);
        static final Column BYTES_IN = new Column("BYTES-IN", "bytes_in", AppUsage::bytesIn);
        static final Column BYTES_OUT = new Column("BYTES-OUT", "bytes_out", AppUsage::bytesOut);
        static final Column WEBHOOKS = new Column("WEBHOOKS", "webhook_attempts", AppUsage::webhookAttempts);
        static final Column WEBHOOK_FAILURES = new Column("WEBHOOK-FAILURES", "webhook_failures", AppUsage::webhookFailures);

        static final List<Column> TABLE = List.of(APP, CONNECTION_SECONDS, PEAK, PUBLISHED, DELIVERED, BYTES_IN,
                BYTES_OUT, WEBHOOKS, WEBHOOK_FAILURES);
        static final List<Column> ALL = List.of(APP, CONNECTION_SECONDS, PEAK, PUBLISHED, PUBLISHED_API,
                PUBLISHED_CLIENT, DELIVERED, BYTES_IN, BYTES_OUT, WEBHOOKS, WEBHOOK_FAILURES);

        /** The value as the table and CSV print it: plain digits, connection-seconds to 0.001. */
        String text(AppUsage usage) {
            Object figure = value.apply(usage);
            return figure instanceof BigDecimal number ? number.toPlainString() : figure.toString();
        }
    }
}
