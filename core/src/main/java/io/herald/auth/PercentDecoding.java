package io.herald.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decoding of URL paths and query components as UTF-8. Lenient on purpose: a {@code %}
 * not followed by two hex digits stays as it is, so a sloppy client gets a signature or routing
 * error in its own terms rather than a parse failure.
 */
public final class PercentDecoding {

    private PercentDecoding() {}

    /** Decodes a path or path segment; {@code +} is a literal plus there. */
    public static String decodePath(String raw) {
        return decode(raw, false);
    }

    /** Decodes a query-string key or value, where {@code +} stands for a space. */
    public static String decodeQueryComponent(String raw) {
        return decode(raw, true);
    }

    private static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            int high = c == '%' ? hexValue(raw, i + 1) : -1;
            int low = high >= 0 ? hexValue(raw, i + 2) : -1;
            if (low >= 0) {
                bytes.write(high << 4 | low);
                i += 3;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
                i++;
            } else {
                int end = i + Character.charCount(raw.codePointAt(i));
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * An ASCII hex digit's value, else -1. Not {@link Character#digit}, which also reads other
     * scripts' digits (Arabic-Indic, fullwidth): {@code %\u06F7A} must stay as it is, not become {@code z}.
     */
    private static int hexValue(String text, int index) {
        if (index >= text.length()) {
            return -1;
        }
        char c = text.charAt(index);
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
