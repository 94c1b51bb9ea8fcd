package io.herald.app;

import java.security.SecureRandom;
import java.util.HexFormat;

/** New app secrets: 32 random bytes in hex. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
