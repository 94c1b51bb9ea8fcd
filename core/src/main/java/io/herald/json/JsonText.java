package io.herald.json;

/**
 * Writes JSON string literals by hand for the few fixed outbound shapes; the hot path encodes an
 * event once per node, so this never runs per subscriber.
 */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {}

    /** Appends {@code value} as a quoted JSON string, escaping quotes, backslashes and controls. */
    public static StringBuilder appendQuoted(StringBuilder out, String value) {
        out.append('"');
        return appendEscaped(out, value).append('"');
    }

    /** Appends the inside of {@code value}'s JSON string literal: {@link #appendQuoted} without the quotes. */
    public static StringBuilder appendEscaped(StringBuilder out, String value) {
        int length = value.length();
        // Runs of characters that need no escape are copied whole: an event's data is mostly such a run.
        int run = 0;
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c != '"' && c != '\\' && !needsEscape(c)) {
                continue;
            }
            out.append(value, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                        .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        return out.append(value, run, length);
    }

    /** Whether {@link #appendEscaped} writes {@code value} unchanged. */
    public static boolean escapesToItself(String value) {
        int length = value.length();
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || needsEscape(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || c == '\u2028' || c == '\u2029';
    }

    public static String quote(String value) {
        return appendQuoted(new StringBuilder(value.length() + 8), value).toString();
    }
}
