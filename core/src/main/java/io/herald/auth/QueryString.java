package io.herald.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a raw query string into decoded parameters. Only {@code &} separates parameters: channel
 * names may contain {@code ;}, and Node's and Go's SDKs send values unescaped.
 */
public final class QueryString {

    private QueryString() {}

    /** Decoded parameters in the order received; a repeated name keeps every value. */
    public static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        // Scanned in place rather than split: a signed call's five parameters, on every call.
        int length = rawQuery.length();
        for (int start = 0; start < length; ) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = length;
            }
            if (end > start) {
                int eq = rawQuery.indexOf('=', start);
                boolean hasValue = eq >= 0 && eq < end;
                String name = PercentDecoding.decodeQueryComponent(rawQuery.substring(start, hasValue ? eq : end));
                String value = hasValue ? PercentDecoding.decodeQueryComponent(rawQuery.substring(eq + 1, end)) : "";
                params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        return params;
    }
}
