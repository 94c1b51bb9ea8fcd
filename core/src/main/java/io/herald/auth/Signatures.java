package io.herald.auth;

import io.herald.app.AppConfig;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures as Pusher computes them (docs/protocol.md, "Signatures"): lower-case hex, UTF-8
 * strings, compared in constant time.
 */
public final class Signatures {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /**
     * One instance per thread: looking an algorithm up ({@code getInstance}) walks the security
     * providers on every call and cost more than the hashing of a small API request. It keeps the
     * key it was last given, as a request signed with the secret of the previous one needs no new
     * key schedule ({@code doFinal} leaves it ready for the same key).
     */
    private static final ThreadLocal<KeyedMac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return new KeyedMac(Mac.getInstance("HmacSHA256"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    });
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is unavailable", e);
        }
    });

    private Signatures() {}

    public static String hmacSha256Hex(String secret, String message) {
        return hmacSha256Hex(secret, message.getBytes(StandardCharsets.UTF_8));
    }

    public static String hmacSha256Hex(String secret, byte[] message) {
        try {
            return hex(HMAC_SHA256.get().withKey(secret).doFinal(message));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused the key", e);
        }
    }

    public static String md5Hex(byte[] body) {
        return hex(MD5.get().digest(body));
    }

    /** Whether {@code givenHex} is the lower-case hex of {@code body}'s MD5, without building the hex text. */
    public static boolean md5HexMatches(byte[] body, String givenHex) {
        return hexMatches(MD5.get().digest(body), givenHex);
    }

    /**
     * Whether {@code givenHex} is the lower-case hex HMAC-SHA256 of {@code message}, compared in
     * constant time (its length may leak, its contents do not), without building the hex text.
     */
    public static boolean hmacSha256HexMatches(String secret, String message, String givenHex) {
        try {
            return hexMatches(HMAC_SHA256.get().withKey(secret).doFinal(message.getBytes(StandardCharsets.UTF_8)), givenHex);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 refused the key", e);
        }
    }

    /** {@code hex(digest).equals(givenHex)} in constant time for a given of the right length. */
    private static boolean hexMatches(byte[] digest, String givenHex) {
        if (givenHex == null || givenHex.length() != digest.length * 2) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < digest.length; i++) {
            difference |= HEX[(digest[i] >> 4) & 0xF] ^ givenHex.charAt(2 * i);
            difference |= HEX[digest[i] & 0xF] ^ givenHex.charAt(2 * i + 1);
        }
        return difference == 0;
    }

    /** Constant-time comparison of two strings (their lengths may leak, their contents do not). */
    public static boolean constantTimeEquals(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks an {@code auth} value of the form {@code <app_key>:<hex>} against the expected
     * signature of {@code message}: the key part must be the app's key, the hex part must match.
     */
    /**
     * {@link #verifyAuth(String, String, String, String)} with the app's secret, or with its previous
     * secret while a rotation's grace period lasts.
     */
    public static boolean verifyAuth(AppConfig app, long nowMillis, String auth, String message) {
        return verifyAuth(app.key(), app.secret(), auth, message)
                || app.acceptsPreviousSecret(nowMillis) && verifyAuth(app.key(), app.previousSecret(), auth, message);
    }

    public static boolean verifyAuth(String appKey, String secret, String auth, String message) {
        if (auth == null) {
            return false;
        }
        int colon = auth.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean keyMatches = constantTimeEquals(appKey, auth.substring(0, colon));
        boolean signatureMatches = constantTimeEquals(hmacSha256Hex(secret, message), auth.substring(colon + 1));
        return keyMatches & signatureMatches;
    }

    /** The signature clients send for a private or encrypted channel. */
    public static String channelAuth(String appKey, String secret, String socketId, String channel) {
        return appKey + ":" + hmacSha256Hex(secret, socketId + ":" + channel);
    }

    /** The signature clients send for a presence channel. */
    public static String presenceAuth(String appKey, String secret, String socketId, String channel, String channelData) {
        return appKey + ":" + hmacSha256Hex(secret, socketId + ":" + channel + ":" + channelData);
    }

    /** The signature clients send with pusher:signin. */
    public static String signinAuth(String appKey, String secret, String socketId, String userData) {
        return appKey + ":" + hmacSha256Hex(secret, socketId + "::user::" + userData);
    }

    /** A thread's HMAC and the secret it is initialised with (null: none yet, or a failed init). */
    private static final class KeyedMac {
        private final Mac mac;
        private String secret;

        KeyedMac(Mac mac) {
            this.mac = mac;
        }

        Mac withKey(String key) throws InvalidKeyException {
            if (!key.equals(secret)) {
                secret = null;
                mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                secret = key;
            }
            return mac;
        }
    }

    private static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
