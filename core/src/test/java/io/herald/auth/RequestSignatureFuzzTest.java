package io.herald.auth;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fuzzes the HTTP API's signature check with the query decoding in front of it, as a request
 * reaches it. The input is UTF-8 text: the first line is the method, the second the path as sent,
 * the third the body, every further line a {@code name=value} parameter.
 */
class RequestSignatureFuzzTest {

    private static final String KEY = "278d425bdf160c739803";
    private static final String SECRET = "7ad3773142a6692b25b8";
    private static final long NOW = 1_353_088_179L;
    private static final AppConfig APP = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
            List.of("apps=[{id: '3', key: '" + KEY + "', secret: '" + SECRET + "'}]"))).apps().getFirst();
    private static final RequestSignature VERIFIER =
            new RequestSignature("/pusher", Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    /**
     * A request signed as the SDKs sign it (by code written here, not the code under test) is
     * accepted; the same request with its signature, body or any parameter changed is refused with
     * a {@link SignatureException}, and nothing else is ever thrown.
     */
    @FuzzTest
    void acceptsExactlyWhatIsSigned(byte[] input) {
        Request request = Request.of(new String(input, StandardCharsets.UTF_8));
        Map<String, String> params = new TreeMap<>(request.params());
        params.put("auth_key", KEY);
        params.put("auth_timestamp", Long.toString(NOW));
        params.put("auth_version", "1.0");
        if (request.body().length > 0) {
            params.put("body_md5", HexFormat.of().formatHex(digest("MD5", request.body())));
        }
        String signature = hmac(request.method() + "\n" + request.path() + "\n" + join(params));
        String query = encode(params) + "&auth_signature=" + signature;

        assertThatCode(() -> verify(request.method(), request.path(), query, request.body())).doesNotThrowAnyException();
        String tampered = encode(params) + "&auth_signature=" + flipLastHexDigit(signature);
        assertThatThrownBy(() -> verify(request.method(), request.path(), tampered, request.body()))
                .isInstanceOf(SignatureException.class);
        byte[] otherBody = (new String(request.body(), StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verify(request.method(), request.path(), query, otherBody))
                .isInstanceOf(SignatureException.class);
    }

    /** Whatever arrives (any path, any query, any body) is accepted or refused, never a crash. */
    @FuzzTest
    void refusesGarbageCleanly(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        String[] parts = text.split("\n", 4);
        String method = parts[0];
        String path = parts.length > 1 ? parts[1] : "/apps/3/events";
        String query = parts.length > 2 ? parts[2] : "";
        byte[] body = parts.length > 3 ? parts[3].getBytes(StandardCharsets.UTF_8) : new byte[0];
        try {
            verify(method, path, query, body);
        } catch (SignatureException expected) {
            // Refused, in the API's own terms.
        }
    }

    private static void verify(String method, String path, String rawQuery, byte[] body) {
        VERIFIER.verify(APP, method, path, QueryString.parse(rawQuery), body);
    }

    /** The fuzzed request: the auth parameters are the test's to set, so fuzzed ones by those names are dropped. */
    private record Request(String method, String path, byte[] body, Map<String, String> params) {

        static Request of(String text) {
            String[] lines = text.split("\n", -1);
            String method = lines[0].isEmpty() ? "POST" : lines[0].toUpperCase(Locale.ROOT);
            String path = lines.length > 1 ? lines[1] : "/apps/3/events";
            byte[] body = lines.length > 2 ? lines[2].getBytes(StandardCharsets.UTF_8) : new byte[0];
            Map<String, String> params = new TreeMap<>();
            for (int i = 3; i < lines.length; i++) {
                int eq = lines[i].indexOf('=');
                String name = (eq < 0 ? lines[i] : lines[i].substring(0, eq)).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : lines[i].substring(eq + 1);
                if (!name.isEmpty() && !name.startsWith("auth_") && !name.equals("body_md5")
                        && wellFormed(name) && wellFormed(value)) {
                    params.put(name, value);
                }
            }
            return new Request(method, path, body, params);
        }
    }

    private static boolean wellFormed(String s) {
        return s.codePoints().noneMatch(cp -> cp <= 0xFFFF && Character.isSurrogate((char) cp));
    }

    private static String join(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return out.toString();
    }

    private static String encode(Map<String, String> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private static String flipLastHexDigit(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }

    private static String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
