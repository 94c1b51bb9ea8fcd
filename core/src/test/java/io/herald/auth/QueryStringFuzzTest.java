package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Fuzzes the query-string and percent decoding that every HTTP API request and WebSocket upgrade
 * goes through. Inputs are UTF-8 text (the seeds in {@code QueryStringFuzzTestInputs} are plain
 * files); see docs/testing.md for running them as a fuzzer.
 */
class QueryStringFuzzTest {

    /** A percent escape as RFC 3986 has it: two ASCII hex digits, nothing else. */
    private static final Pattern ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");

    /** Any text parses, and text without escapes or '+' decodes to itself. */
    @FuzzTest
    void decodesAnyText(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        Map<String, List<String>> params = QueryString.parse(raw);
        String path = PercentDecoding.decodePath(raw);
        String component = PercentDecoding.decodeQueryComponent(raw);
        if (!ESCAPE.matcher(raw).find()) {
            assertThat(path).isEqualTo(raw);
            if (raw.indexOf('+') < 0) {
                assertThat(component).isEqualTo(raw);
                params.forEach((name, values) -> {
                    assertThat(raw).contains(name);
                    values.forEach(value -> assertThat(raw).contains(value));
                });
            }
        }
    }

    /**
     * What an SDK encodes comes back unchanged: each line of the input is a parameter,
     * {@code name=value} split at the first '=', percent-encoded as pusher-http-java does.
     */
    @FuzzTest
    void decodesWhatIsEncoded(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Map<String, List<String>> sent = new LinkedHashMap<>();
        List<String> pairs = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            int eq = line.indexOf('=');
            String name = eq < 0 ? line : line.substring(0, eq);
            String value = eq < 0 ? "" : line.substring(eq + 1);
            if (name.isEmpty() || !wellFormed(name) || !wellFormed(value)) {
                continue;
            }
            sent.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        assertThat(QueryString.parse(String.join("&", pairs))).isEqualTo(sent);
    }

    /** URLEncoder writes '?' for a lone surrogate, so only well-formed UTF-16 can come back the same. */
    private static boolean wellFormed(String s) {
        return s.codePoints().noneMatch(cp -> Character.isSurrogate((char) cp) && cp <= 0xFFFF);
    }
}
