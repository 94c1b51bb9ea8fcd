package io.herald.bench.flood;

import java.util.Locale;

/** The control frames a flooding client sends: pings, which ask for an answer, or unsolicited pongs. */
public enum FloodFrame {
    PING(0x9), PONG(0xA);

    private final int opcode;

    FloodFrame(int opcode) {
        this.opcode = opcode;
    }

    int opcode() {
        return opcode;
    }

    /** {@code ping} or {@code pong}, in any case. */
    public static FloodFrame parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "ping" -> PING;
            case "pong" -> PONG;
            default -> throw new IllegalArgumentException("a flood sends ping or pong frames, not " + name);
        };
    }
}
