package io.herald.protocol;

/**
 * Pusher error and close codes (protocol 7, docs/protocol.md, "Close and error codes"). The range tells a client what
 * to do next: 4000-4099 do not reconnect unchanged, 4100-4199 reconnect after a backoff,
 * 4200-4299 reconnect at once, 4300-4399 are errors sent without closing.
 */
public final class CloseCode {

    /** Normal WebSocket closure. */
    public static final int NORMAL = 1000;
    /** An inbound message larger than the configured maximum (RFC 6455). */
    public static final int MESSAGE_TOO_BIG = 1009;

    public static final int SSL_ONLY = 4000;
    public static final int APP_NOT_FOUND = 4001;
    public static final int APP_DISABLED = 4003;
    public static final int APP_OVER_CONNECTION_QUOTA = 4004;
    public static final int PATH_NOT_FOUND = 4005;
    public static final int INVALID_VERSION_STRING = 4006;
    public static final int UNSUPPORTED_PROTOCOL = 4007;
    public static final int NO_PROTOCOL_VERSION = 4008;
    public static final int UNAUTHORIZED = 4009;

    /** Over capacity: the node is full, or this connection could not keep up (slow consumer). */
    public static final int OVER_CAPACITY = 4100;

    public static final int RECONNECT_IMMEDIATELY = 4200;
    public static final int PONG_NOT_RECEIVED = 4201;
    public static final int CLOSED_AFTER_INACTIVITY = 4202;

    /** Client event rejected: rate limit, too large, not allowed. Sent without closing. */
    public static final int CLIENT_EVENT_REJECTED = 4301;
    /** Watchlist longer than allowed: the first ones are kept. Sent without closing. */
    public static final int WATCHLIST_LIMIT = 4302;

    private CloseCode() {}
}
