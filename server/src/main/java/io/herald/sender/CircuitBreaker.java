package io.herald.sender;

/**
 * One endpoint's circuit breaker, local to this sender process. After {@code failureThreshold}
 * failures in a row it opens for {@code openMillis}: no request goes to the endpoint. Then it
 * is half-open and lets exactly one trial through; the trial's success closes it, its failure
 * opens it again. Thread-safe; the clock is passed in so the state machine can be tested.
 */
public final class CircuitBreaker {

    /** Breaker states, with the value the breaker-state gauge reports. */
    public enum State {
        CLOSED(0), HALF_OPEN(1), OPEN(2);

        private final int gaugeValue;

        State(int gaugeValue) {
            this.gaugeValue = gaugeValue;
        }

        public int gaugeValue() {
            return gaugeValue;
        }
    }

    /** How long to wait before asking again when a request is refused while a trial runs. */
    static final long HALF_OPEN_RECHECK_MILLIS = 1_000;

    private final int failureThreshold;
    private final long openMillis;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openUntilMillis;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, long openMillis) {
        this.failureThreshold = Math.max(1, failureThreshold);
        this.openMillis = openMillis;
    }

    /**
     * Asks to send one request now. Returns 0 when allowed (the caller must then report
     * {@link #onSuccess}, {@link #onFailure} or {@link #onAbandoned}), otherwise how many
     * milliseconds to wait before asking again.
     */
    public synchronized long tryAcquire(long nowMillis) {
        switch (state) {
            case CLOSED -> {
                return 0;
            }
            case OPEN -> {
                if (nowMillis < openUntilMillis) {
                    return openUntilMillis - nowMillis;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return 0;
            }
            default -> {
                if (trialInFlight) {
                    return Math.min(HALF_OPEN_RECHECK_MILLIS, Math.max(1, openMillis));
                }
                trialInFlight = true;
                return 0;
            }
        }
    }

    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    public synchronized void onFailure(long nowMillis) {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openUntilMillis = nowMillis + openMillis;
        }
        trialInFlight = false;
    }

    /** An allowed request was not sent after all (the endpoint was busy, the sender stopped). */
    public synchronized void onAbandoned() {
        trialInFlight = false;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }
}
