package io.herald.metrics;

import java.util.Set;

/**
 * The {@code code} label of connections closed. A client chooses the code it closes with, so the
 * label takes only the codes RFC 6455 and Pusher define, and {@code other} for the tens of
 * thousands of others a client may send: no client can add series to the node's metrics.
 */
public final class CloseCodeLabels {

    /** The label of every code outside {@link #KNOWN}. */
    public static final String OTHER = "other";

    /**
     * RFC 6455 and IANA's WebSocket codes (1006 is what the node records when TCP drops without a
     * close frame), and the Pusher protocol's close and error codes.
     */
    static final Set<Integer> KNOWN = Set.of(
            1000, 1001, 1002, 1003, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
            4000, 4001, 4003, 4004, 4005, 4006, 4007, 4008, 4009,
            4100, 4200, 4201, 4202, 4301, 4302);

    private CloseCodeLabels() {}

    public static String of(int code) {
        return KNOWN.contains(code) ? Integer.toString(code) : OTHER;
    }
}
