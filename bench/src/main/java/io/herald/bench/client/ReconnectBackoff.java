package io.herald.bench.client;

/**
 * When a subscriber told to reconnect tries again, as pusher-js does: the first attempt after the
 * close goes at once (close code 4200 means "reconnect immediately"); each failed attempt doubles
 * the wait, from {@link #FIRST_RETRY_MILLIS} up to {@link #MAX_WAIT_MILLIS}, and the wait is drawn
 * at random from its upper half ("equal jitter") so that the subscribers a busy node turned away
 * together do not come back together. pusher-js tries for ever; the bench stops after
 * {@link #MAX_ATTEMPTS}, minutes of trying, and counts the subscriber as given up.
 */
public final class ReconnectBackoff {

    public static final int MAX_ATTEMPTS = 30;
    static final long FIRST_RETRY_MILLIS = 500;
    static final long MAX_WAIT_MILLIS = 10_000;

    private ReconnectBackoff() {
    }

    /**
     * Milliseconds to wait before attempt {@code attempt} (1 for the first after the close), given
     * {@code random} drawn uniformly from [0, 1).
     */
    public static long delayMillis(int attempt, double random) {
        if (attempt <= 1) {
            return 0;
        }
        long ceiling = Math.min(MAX_WAIT_MILLIS, FIRST_RETRY_MILLIS << Math.min(20, attempt - 2));
        return ceiling / 2 + (long) (random * (ceiling / 2));
    }
}
