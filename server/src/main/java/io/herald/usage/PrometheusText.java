package io.herald.usage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format, version 0.0.4 (what {@code /metrics}
 * serves): sample lines {@code name{label="value",...} value [timestamp]}, {@code # HELP} and
 * {@code # TYPE} lines, other comments and blank lines. Anything else is an error naming its line,
 * so a wrong URL (an HTML page, a JSON answer) is reported rather than read as "no usage".
 *
 * <p>The Prometheus Java client on the classpath only writes this format, and no small, kept
 * parser for it exists on Maven Central, so this class reads it; the grammar is a few lines.
 */
public final class PrometheusText {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d+");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample: a series (name and labels) and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {

        public Sample {
            labels = Map.copyOf(labels);
        }

        public String label(String name) {
            return labels.get(name);
        }
    }

    private PrometheusText() {}

    /** Every sample in {@code text}, in order. */
    public static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("#")) {
                    checkComment(line);
                } else {
                    samples.add(new LineReader(line).sample());
                }
            } catch (MetricsFormatException e) {
                throw new MetricsFormatException("line " + (i + 1) + ": " + e.getMessage() + ": " + abbreviate(line));
            }
        }
        return samples;
    }

    private static void checkComment(String line) {
        String[] parts = line.substring(1).strip().split("[ \t]+", 3);
        if (parts[0].equals("TYPE")) {
            if (parts.length < 3 || !METRIC_NAME.matcher(parts[1]).matches()) {
                throw new MetricsFormatException("a TYPE line needs a metric name and a type");
            }
            if (!TYPES.contains(parts[2].strip())) {
                throw new MetricsFormatException("unknown metric type '" + parts[2].strip() + "'");
            }
        } else if (parts[0].equals("HELP")) {
            if (parts.length < 2 || !METRIC_NAME.matcher(parts[1]).matches()) {
                throw new MetricsFormatException("a HELP line needs a metric name");
            }
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "...";
    }

    /** Reads one sample line left to right. */
    private static final class LineReader {

        private final String line;
        private int position;

        LineReader(String line) {
            this.line = line;
        }

        Sample sample() {
            String name = token(METRIC_NAME, "a metric name");
            Map<String, String> labels = peek() == '{' ? labels() : Map.of();
            requireBlank("a space before the value");
            double value = value(word());
            if (!atEnd()) {
                requireBlank("a space before the timestamp");
                String timestamp = word();
                if (!TIMESTAMP.matcher(timestamp).matches()) {
                    throw new MetricsFormatException("bad timestamp '" + timestamp + "'");
                }
                if (!atEnd()) {
                    throw new MetricsFormatException("unexpected text after the timestamp");
                }
            }
            return new Sample(name, labels, value);
        }

        private Map<String, String> labels() {
            Map<String, String> labels = new LinkedHashMap<>();
            position++;
            skipBlanks();
            while (peek() != '}') {
                String name = token(LABEL_NAME, "a label name");
                skipBlanks();
                expect('=');
                skipBlanks();
                if (labels.put(name, quoted()) != null) {
                    throw new MetricsFormatException("label '" + name + "' appears twice");
                }
                skipBlanks();
                if (peek() == ',') {
                    position++;
                    skipBlanks();
                } else if (peek() != '}') {
                    throw new MetricsFormatException("expected ',' or '}' after label '" + name + "'");
                }
            }
            position++;
            return labels;
        }

        private String quoted() {
            expect('"');
            StringBuilder value = new StringBuilder();
            while (true) {
                if (atEnd()) {
                    throw new MetricsFormatException("unterminated label value");
                }
                char c = line.charAt(position++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\') {
                    if (atEnd()) {
                        throw new MetricsFormatException("unterminated label value");
                    }
                    char escaped = line.charAt(position++);
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new MetricsFormatException("bad escape '\\" + escaped + "' in a label value");
                    }
                } else {
                    value.append(c);
                }
            }
        }

        private static double value(String text) {
            return switch (text) {
                case "NaN" -> Double.NaN;
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> {
                    if (!NUMBER.matcher(text).matches()) {
                        throw new MetricsFormatException("bad sample value '" + text + "'");
                    }
                    yield Double.parseDouble(text);
                }
            };
        }

        private String token(Pattern pattern, String what) {
            var matcher = pattern.matcher(line).region(position, line.length());
            if (!matcher.lookingAt()) {
                throw new MetricsFormatException("expected " + what + " at column " + (position + 1));
            }
            position = matcher.end();
            return matcher.group();
        }

        private String word() {
            int start = position;
            while (!atEnd() && !isBlank(peek())) {
                position++;
            }
            if (start == position) {
                throw new MetricsFormatException("missing sample value");
            }
            return line.substring(start, position);
        }

        private void requireBlank(String what) {
            if (atEnd() || !isBlank(peek())) {
                throw new MetricsFormatException("expected " + what + " at column " + (position + 1));
            }
            skipBlanks();
        }

        private void expect(char c) {
            if (peek() != c) {
                throw new MetricsFormatException("expected '" + c + "' at column " + (position + 1));
            }
            position++;
        }

        private void skipBlanks() {
            while (!atEnd() && isBlank(peek())) {
                position++;
            }
        }

        private char peek() {
            return atEnd() ? '\0' : line.charAt(position);
        }

        private boolean atEnd() {
            return position >= line.length();
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
