package io.herald.sender;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The symmetric signature of the Standard Webhooks specification: {@code v1,} followed by the
 * base64 HMAC-SHA256 of {@code id.timestamp.body}, keyed with the bytes of a {@code whsec_}
 * secret (base64 after the prefix).
 */
public final class StandardWebhooksSignature {

    static final String SECRET_PREFIX = "whsec_";

    private StandardWebhooksSignature() {}

    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keyBytes(secret), "HmacSHA256"));
            mac.update((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** The key of a {@code whsec_<base64>} secret; a secret without the prefix is read as base64 too. */
    static byte[] keyBytes(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a Standard Webhooks secret must be whsec_ followed by base64", e);
        }
    }
}
