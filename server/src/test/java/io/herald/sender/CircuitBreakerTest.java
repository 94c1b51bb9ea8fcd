package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sender.CircuitBreaker.Admission;
import io.herald.sender.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a clock the test moves (milliseconds). */
class CircuitBreakerTest {

    private static final long FIRST_PROBE = 1_000;
    private static final long MAX_PROBE = 5_000;

    private final CircuitBreaker breaker = new CircuitBreaker(3, FIRST_PROBE, MAX_PROBE);

    @Test
    void staysClosedBelowTheFailureThreshold() {
        breaker.onFailure(0, false);
        breaker.onFailure(1, false);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.admit(2)).isEqualTo(new Admission(0, false));
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        breaker.onFailure(0, false);
        breaker.onFailure(1, false);
        breaker.onSuccess();
        breaker.onFailure(2, false);
        breaker.onFailure(3, false);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void opensAfterThresholdFailuresAndRefusesUntilTheFirstProbe() {
        openAt(1_000);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.admit(1_000).waitMillis()).isEqualTo(FIRST_PROBE);
        assertThat(breaker.admit(1_400).waitMillis()).isEqualTo(600);
        assertThat(breaker.admit(1_999).waitMillis()).isEqualTo(1);
    }

    @Test
    void halfOpenLetsExactlyOneProbeThrough() {
        openAt(0);
        assertThat(breaker.admit(FIRST_PROBE)).isEqualTo(new Admission(0, true));
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.admit(FIRST_PROBE + 1)).as("while the probe runs").isEqualTo(new Admission(FIRST_PROBE, false));
        assertThat(breaker.admit(FIRST_PROBE + 2).allowed()).isFalse();
    }

    @Test
    void aSuccessfulProbeClosesTheBreaker() {
        openAt(0);
        breaker.admit(FIRST_PROBE);
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.admit(FIRST_PROBE + 1)).isEqualTo(new Admission(0, false));
        assertThat(breaker.admit(FIRST_PROBE + 2)).isEqualTo(new Admission(0, false));
    }

    @Test
    void eachFailedProbeDoublesThePauseUpToTheMaximum() {
        openAt(0);
        long now = 0;
        long expectedPause = FIRST_PROBE;
        for (long pause : new long[] {2_000, 4_000, 5_000, 5_000}) {
            now += expectedPause;
            assertThat(breaker.admit(now - 1).allowed()).as("before the probe at %d", now).isFalse();
            assertThat(breaker.admit(now)).isEqualTo(new Admission(0, true));
            breaker.onFailure(now, true);
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            assertThat(breaker.admit(now).waitMillis()).isEqualTo(pause);
            expectedPause = pause;
        }
    }

    @Test
    void anEndpointThatComesBackIsProbedWithinTheLongestPauseHoweverLongItWasDown() {
        openAt(0);
        long now = 0;
        for (int probe = 0; probe < 50; probe++) {
            now += breaker.admit(now).waitMillis();
            assertThat(breaker.admit(now).probe()).isTrue();
            breaker.onFailure(now, true);
        }
        long cameBackAt = now + 1;
        long nextProbe = now + breaker.admit(now).waitMillis();
        assertThat(nextProbe - cameBackAt).isLessThan(MAX_PROBE);
        assertThat(breaker.admit(nextProbe).probe()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);

        openAt(nextProbe);
        assertThat(breaker.admit(nextProbe).waitMillis()).as("a breaker that opens again starts from the first pause")
                .isEqualTo(FIRST_PROBE);
    }

    @Test
    void aFailureOfAnotherRequestDoesNotMoveTheProbe() {
        openAt(0);
        breaker.onFailure(500, false);
        assertThat(breaker.admit(500).waitMillis()).isEqualTo(500);
        assertThat(breaker.admit(FIRST_PROBE)).isEqualTo(new Admission(0, true));
        breaker.onFailure(FIRST_PROBE + 10, false);
        assertThat(breaker.state()).as("the probe still decides").isEqualTo(State.HALF_OPEN);
        assertThat(breaker.admit(FIRST_PROBE + 20).allowed()).isFalse();
    }

    @Test
    void anAbandonedProbeLetsTheNextRequestProbe() {
        openAt(0);
        assertThat(breaker.admit(FIRST_PROBE).probe()).isTrue();
        breaker.onAbandoned(true);
        assertThat(breaker.admit(FIRST_PROBE + 1)).isEqualTo(new Admission(0, true));
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    }

    @Test
    void reportsGaugeValuesZeroClosedOneHalfOpenTwoOpen() {
        assertThat(State.CLOSED.gaugeValue()).isZero();
        assertThat(State.HALF_OPEN.gaugeValue()).isEqualTo(1);
        assertThat(State.OPEN.gaugeValue()).isEqualTo(2);
    }

    private void openAt(long now) {
        for (int i = 0; i < 3; i++) {
            assertThat(breaker.admit(now).allowed()).isTrue();
            breaker.onFailure(now, false);
        }
    }
}
