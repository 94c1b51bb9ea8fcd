package io.herald.usage;

/** A {@code /metrics} answer that is not valid Prometheus text; the message names the line. */
public final class MetricsFormatException extends IllegalArgumentException {

    public MetricsFormatException(String message) {
        super(message);
    }
}
