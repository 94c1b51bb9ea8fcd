package io.herald.bench.publish;

import io.herald.auth.Signatures;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Signs HTTP API requests exactly as the Pusher server SDKs do (docs/protocol.md, "Signatures"): the
 * query carries {@code auth_key}, {@code auth_timestamp}, {@code auth_version=1.0} and
 * {@code body_md5}; {@code auth_signature} is the HMAC-SHA256 of
 * {@code METHOD\npath\nsorted params}. Every value here is hex, digits or the key, so the query
 * needs no escaping as long as the key needs none.
 */
public final class RestSigner {

    private final String key;
    private final String secret;

    public RestSigner(String key, String secret) {
        this.key = key;
        this.secret = secret;
    }

    /** The full query string (without '?') for a request with a body, signed at {@code timestampSeconds}. */
    public String signedQuery(String method, String path, byte[] body, long timestampSeconds) {
        Map<String, String> params = new TreeMap<>();
        params.put("auth_key", key);
        params.put("auth_timestamp", Long.toString(timestampSeconds));
        params.put("auth_version", "1.0");
        if (body.length > 0) {
            params.put("body_md5", Signatures.md5Hex(body));
        }
        String joined = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        String signature = Signatures.hmacSha256Hex(secret, method + "\n" + path + "\n" + joined);
        return joined + "&auth_signature=" + signature;
    }
}
