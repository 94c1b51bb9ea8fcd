package io.herald.bus;

/**
 * A payload received from the bus is not a message {@link BusCodec} wrote (truncated, corrupted, a
 * newer version, or something else published on the bus's channels). Drivers drop it, count it and
 * log it; it never reaches a {@link BusListener}.
 */
public final class MalformedBusMessageException extends BusException {

    public MalformedBusMessageException(String message) {
        super(message);
    }

    public MalformedBusMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
