package io.herald.auth;

import io.herald.app.AppConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;

/**
 * Verifies a signed HTTP API request the way Pusher does (docs/protocol.md, "Signatures"): the app's
 * key, version 1.0, a timestamp within 600 seconds, the body's MD5, and an HMAC-SHA256 over
 * {@code METHOD\npath\nparams}.
 *
 * <p>SDKs sign the path they request, unencoded, while some HTTP clients percent-encode it on the
 * wire; and a node behind {@code server.path-prefix} may be called with or without the prefix in
 * the signed path. So the signature is checked against the decoded and the raw path, each without
 * and then with the prefix; any match is accepted.
 */
public final class RequestSignature {

    public static final String AUTH_VERSION = "1.0";
    /** A timestamp this many seconds (or more) away from the server's clock is refused. */
    public static final long TIMESTAMP_WINDOW_SECONDS = 600;

    private final String pathPrefix;
    private final Clock clock;

    /** @param pathPrefix the server's path prefix, empty or like {@code /pusher} */
    public RequestSignature(String pathPrefix, Clock clock) {
        this.pathPrefix = pathPrefix == null ? "" : pathPrefix;
        this.clock = clock;
    }

    /**
     * Accepts the request or throws {@link SignatureException} saying why not.
     *
     * @param rawPath the path as received, still percent-encoded, including any server prefix
     * @param query the query parameters, decoded, in the order received
     * @param body the raw body bytes (empty when there is none)
     */
    public void verify(AppConfig app, String method, String rawPath, Map<String, List<String>> query, byte[] body) {
        Map<String, List<String>> params = lowerCaseKeys(query);
        String key = required(params, "auth_key");
        if (!key.equals(app.key())) {
            throw new SignatureException("Unknown auth_key");
        }
        String version = required(params, "auth_version");
        if (!AUTH_VERSION.equals(version)) {
            throw new SignatureException("Unsupported auth_version '" + version + "': only " + AUTH_VERSION + " is supported");
        }
        checkTimestamp(required(params, "auth_timestamp"));
        checkBodyMd5(first(params, "body_md5"), body);
        checkSignature(app, method, rawPath, params, required(params, "auth_signature"));
    }

    /** The string an SDK signs: {@code METHOD\npath\nk=v&...}, auth_signature left out. */
    public static String stringToSign(String method, String path, Map<String, List<String>> query) {
        return stringToSignSorted(method, path, lowerCaseKeys(query));
    }

    /** {@link #stringToSign} of parameters already lower-cased and sorted by {@link #lowerCaseKeys}. */
    private static String stringToSignSorted(String method, String path, Map<String, List<String>> params) {
        // Sized for a signed call's usual five parameters, so that it is not copied as it grows.
        StringBuilder out = new StringBuilder(path.length() + 224).append(method.toUpperCase(Locale.ROOT)).append('\n').append(path).append('\n');
        boolean first = true;
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (param.getKey().equals("auth_signature")) {
                continue;
            }
            for (String value : param.getValue()) {
                out.append(first ? "" : "&").append(param.getKey()).append('=').append(value);
                first = false;
            }
        }
        return out.toString();
    }

    /** The paths a caller may have signed, most likely first. */
    SequencedSet<String> candidatePaths(String rawPath) {
        List<String> raws = new ArrayList<>(2);
        String local = withoutPrefix(rawPath);
        if (!local.equals(rawPath)) {
            raws.add(local);
        }
        raws.add(rawPath);
        SequencedSet<String> paths = new LinkedHashSet<>();
        for (String raw : raws) {
            paths.add(PercentDecoding.decodePath(raw));
            paths.add(raw);
        }
        return paths;
    }

    private void checkTimestamp(String given) {
        long timestamp;
        try {
            timestamp = Long.parseLong(given);
        } catch (NumberFormatException e) {
            throw new SignatureException("Invalid auth_timestamp '" + given + "': expected Unix time in seconds");
        }
        long now = clock.millis() / 1000;
        long margin = TIMESTAMP_WINDOW_SECONDS - 1;
        if (timestamp < now - margin || timestamp > now + margin) {
            throw new SignatureException("Timestamp expired: Given timestamp (" + timestamp + ") not within "
                    + TIMESTAMP_WINDOW_SECONDS + "s of server time (" + now + ")");
        }
    }

    private static void checkBodyMd5(String given, byte[] body) {
        if (given == null) {
            if (body.length > 0) {
                throw new SignatureException("Missing parameter body_md5: it is required when the request has a body");
            }
            return;
        }
        if (!Signatures.md5HexMatches(body, given)) {
            String actual = Signatures.md5Hex(body);
            throw new SignatureException("Invalid body_md5: the request body's MD5 is " + actual + ", but you sent \"" + given + "\"");
        }
    }

    /** The signature is lower-case hex, as Pusher computes it: the same rule as for channel and sign-in signatures. */
    private void checkSignature(AppConfig app, String method, String rawPath, Map<String, List<String>> params, String given) {
        boolean previousToo = app.acceptsPreviousSecret(clock.millis());
        // The path nearly every SDK signs first; the other candidates only when it does not match.
        String likeliest = PercentDecoding.decodePath(withoutPrefix(rawPath));
        String firstCandidate = stringToSignSorted(method, likeliest, params);
        if (signs(app, previousToo, firstCandidate, given)) {
            return;
        }
        for (String path : candidatePaths(rawPath)) {
            if (!path.equals(likeliest) && signs(app, previousToo, stringToSignSorted(method, path, params), given)) {
                return;
            }
        }
        throw new SignatureException("Invalid signature: you should have sent HmacSHA256Hex(\"" + firstCandidate
                + "\", your_secret_key), but you sent \"" + given + "\"");
    }

    private static boolean signs(AppConfig app, boolean previousToo, String toSign, String given) {
        return Signatures.hmacSha256HexMatches(app.secret(), toSign, given)
                || previousToo && Signatures.hmacSha256HexMatches(app.previousSecret(), toSign, given);
    }

    private String withoutPrefix(String rawPath) {
        return !pathPrefix.isEmpty() && rawPath.startsWith(pathPrefix + "/") ? rawPath.substring(pathPrefix.length()) : rawPath;
    }

    /** Keys lower-cased (values of keys differing only in case are merged) and sorted. */
    private static Map<String, List<String>> lowerCaseKeys(Map<String, List<String>> query) {
        Map<String, List<String>> sorted = new TreeMap<>();
        // The caller's lists are shared, never changed: only names differing in case get a new, merged one.
        query.forEach((name, values) -> {
            String key = name.toLowerCase(Locale.ROOT);
            List<String> earlier = sorted.putIfAbsent(key, values);
            if (earlier != null) {
                List<String> merged = new ArrayList<>(earlier);
                merged.addAll(values);
                sorted.put(key, merged);
            }
        });
        return sorted;
    }

    private static String required(Map<String, List<String>> params, String name) {
        String value = first(params, name);
        if (value == null) {
            throw new SignatureException("Missing parameter " + name);
        }
        return value;
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
