package io.herald.sender;

/**
 * One endpoint's circuit breaker, local to this sender process. After {@code failureThreshold}
 * failures in a row it opens: no request goes to the endpoint. After a pause it lets exactly one
 * request through as a probe (half-open); the probe's success closes the breaker, its failure
 * opens it again for twice the pause, up to {@code maxProbeDelayMillis}. So an endpoint that comes
 * back is used again within one pause, a few seconds, however long it was down, while one that
 * stays down costs one request per pause.
 *
 * <p>Thread-safe; the clock is passed in so the state machine can be tested without waiting.
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

    /**
     * The answer to a request to send: {@code waitMillis} 0 means go ahead ({@code probe} when it
     * is the half-open breaker's one probe), otherwise how long to wait before asking again.
     */
    public record Admission(long waitMillis, boolean probe) {

        static final Admission GO = new Admission(0, false);
        static final Admission PROBE = new Admission(0, true);

        public boolean allowed() {
            return waitMillis == 0;
        }
    }

    private final int failureThreshold;
    private final long firstProbeDelayMillis;
    private final long maxProbeDelayMillis;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long probeDelayMillis;
    private long nextProbeAtMillis;
    private boolean probeInFlight;

    public CircuitBreaker(int failureThreshold, long firstProbeDelayMillis, long maxProbeDelayMillis) {
        this.failureThreshold = Math.max(1, failureThreshold);
        this.firstProbeDelayMillis = Math.max(1, firstProbeDelayMillis);
        this.maxProbeDelayMillis = Math.max(this.firstProbeDelayMillis, maxProbeDelayMillis);
        this.probeDelayMillis = this.firstProbeDelayMillis;
    }

    /**
     * Asks to send one request now. When allowed, the caller must report its end with
     * {@link #onSuccess}, {@link #onFailure} or {@link #onAbandoned}, passing the admission.
     */
    public synchronized Admission admit(long nowMillis) {
        switch (state) {
            case CLOSED -> {
                return Admission.GO;
            }
            case OPEN -> {
                if (nowMillis < nextProbeAtMillis) {
                    return new Admission(nextProbeAtMillis - nowMillis, false);
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return Admission.PROBE;
            }
            default -> {
                if (probeInFlight) {
                    // The probe's answer decides; ask again after the shortest pause.
                    return new Admission(firstProbeDelayMillis, false);
                }
                probeInFlight = true;
                return Admission.PROBE;
            }
        }
    }

    /** A request succeeded, a probe or any other: the endpoint answers, so the breaker closes. */
    public synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        probeInFlight = false;
        probeDelayMillis = firstProbeDelayMillis;
    }

    /**
     * A request failed. A failed probe opens the breaker again for twice the last pause (capped);
     * the threshold's failure opens a closed breaker for the first pause. A failure of a request
     * that was not the probe changes nothing while the breaker is open or half-open.
     */
    public synchronized void onFailure(long nowMillis, boolean probe) {
        consecutiveFailures++;
        if (probe) {
            probeInFlight = false;
            probeDelayMillis = Math.min(probeDelayMillis * 2, maxProbeDelayMillis);
            open(nowMillis);
        } else if (state == State.CLOSED && consecutiveFailures >= failureThreshold) {
            probeDelayMillis = firstProbeDelayMillis;
            open(nowMillis);
        }
    }

    private void open(long nowMillis) {
        state = State.OPEN;
        nextProbeAtMillis = nowMillis + probeDelayMillis;
    }

    /** An allowed request was not sent after all (the endpoint was busy, the sender stopped). */
    public synchronized void onAbandoned(boolean probe) {
        if (probe) {
            probeInFlight = false;
        }
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The pause before the next probe after a failed one. */
    synchronized long probeDelayMillis() {
        return probeDelayMillis;
    }
}
