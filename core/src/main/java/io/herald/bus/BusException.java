package io.herald.bus;

/** A bus driver could not start: its server was unreachable or its configuration unusable. */
public class BusException extends RuntimeException {

    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
