package io.herald.nats;

import io.herald.bus.BusTopic;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The core NATS subject of each bus topic: {@code PREFIX.bus.APP.c.CHANNEL} for a channel and
 * {@code PREFIX.bus.APP.u.USER} for a user, where APP, CHANNEL and USER are each one token.
 *
 * <p>A token may not hold '.', '*', '>' or whitespace, yet app ids, channel names and user ids may.
 * Each is therefore percent-encoded: letters, digits and {@code - _ = @ , ;} stay as they are (so
 * ordinary channel names stay readable in {@code nats sub 'herald.bus.>'}); every other character
 * becomes {@code %XX} per UTF-8 byte, '%' itself included, and the empty string becomes a lone
 * {@code %}. That is reversible, so two names never share a token. A token that would be longer
 * than {@value #MAX_TOKEN} characters is replaced by {@code ~} and the base64url SHA-256 of the
 * name, keeping every subject far below the server's control-line limit; '~' never starts an
 * encoded token, and receivers compare the topic carried in the message, so even a hash
 * collision could not misdeliver.
 */
record NatsBusSubjects(String prefix) {

    static final String DEFAULT_PREFIX = "herald";
    static final int MAX_TOKEN = 200;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** The subjects under {@code prefix} (default {@value #DEFAULT_PREFIX}); a prefix that is not a valid subject is refused. */
    static NatsBusSubjects of(String prefix) {
        String p = prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix;
        for (String token : p.split("\\.", -1)) {
            if (token.isEmpty() || token.chars().anyMatch(c -> c == '*' || c == '>' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("the NATS subject prefix '" + p
                        + "' is not a subject: dot-separated non-empty tokens without '*', '>' or spaces");
            }
        }
        return new NatsBusSubjects(p);
    }

    String of(BusTopic topic) {
        String kind = topic.kind() == BusTopic.Kind.CHANNEL ? ".c." : ".u.";
        return prefix + ".bus." + token(topic.appId()) + kind + token(topic.name());
    }

    static String token(String name) {
        if (name.isEmpty()) {
            return "%";
        }
        StringBuilder token = new StringBuilder(name.length());
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            if (keeps(b)) {
                token.append((char) b);
            } else {
                token.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
            if (token.length() > MAX_TOKEN) {
                return hashed(name);
            }
        }
        return token.toString();
    }

    private static boolean keeps(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '-' || b == '_' || b == '=' || b == '@' || b == ',' || b == ';';
    }

    private static String hashed(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
