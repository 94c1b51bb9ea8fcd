package io.herald.admin;

import io.herald.config.HeraldConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin API's bearer tokens, held as SHA-256 digests and compared in constant time: a token
 * given in the configuration as it is, or as {@code sha256:HEX}, is never kept in clear.
 */
public final class AdminTokens {

    /** Who called: the token's name (for the log) and whether it may change apps. */
    public record Caller(String name, boolean mayChange) {}

    private record Known(String name, byte[] digest, boolean mayChange) {}

    private final List<Known> known = new ArrayList<>();

    public AdminTokens(HeraldConfig.AdminConfig config) {
        add(config.readTokens(), false);
        add(config.adminTokens(), true);
    }

    private void add(Map<String, String> tokens, boolean mayChange) {
        tokens.forEach((name, token) -> known.add(new Known(name, token.startsWith("sha256:")
                ? HexFormat.of().parseHex(token.substring("sha256:".length()))
                : sha256(token), mayChange)));
    }

    /** The caller whose token {@code authorization} ("Bearer TOKEN") carries, if any. */
    public Optional<Caller> caller(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return byToken(authorization.substring(7).trim());
    }

    /** The caller a token given as it is (on the console's login page) belongs to, if any. */
    public Optional<Caller> byToken(String given) {
        byte[] digest = sha256(given);
        Caller found = null;
        // Every token is compared, so the time taken says nothing about which one nearly matched.
        for (Known token : known) {
            if (MessageDigest.isEqual(token.digest(), digest) && found == null) {
                found = new Caller(token.name(), token.mayChange());
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
