package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.sender.CircuitBreaker.State;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final CircuitBreaker breaker = new CircuitBreaker(3, 10_000);

    @Test
    void staysClosedBelowTheFailureThreshold() {
        breaker.onFailure(0);
        breaker.onFailure(1);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(2)).isZero();
    }

    @Test
    void aSuccessResetsTheConsecutiveFailures() {
        breaker.onFailure(0);
        breaker.onFailure(1);
        breaker.onSuccess();
        breaker.onFailure(2);
        breaker.onFailure(3);
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void opensAfterThresholdFailuresAndRefusesUntilTheOpenPeriodEnds() {
        openAt(1_000);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(1_000)).isEqualTo(10_000);
        assertThat(breaker.tryAcquire(6_000)).isEqualTo(5_000);
        assertThat(breaker.tryAcquire(10_999)).isEqualTo(1);
    }

    @Test
    void halfOpenLetsExactlyOneTrialThrough() {
        openAt(0);
        assertThat(breaker.tryAcquire(10_000)).isZero();
        assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
        assertThat(breaker.tryAcquire(10_001)).isEqualTo(CircuitBreaker.HALF_OPEN_RECHECK_MILLIS);
        assertThat(breaker.tryAcquire(10_002)).isPositive();
    }

    @Test
    void aSuccessfulTrialClosesTheBreaker() {
        openAt(0);
        breaker.tryAcquire(10_000);
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(State.CLOSED);
        assertThat(breaker.tryAcquire(10_001)).isZero();
        assertThat(breaker.tryAcquire(10_002)).isZero();
    }

    @Test
    void aFailedTrialOpensTheBreakerForAnotherPeriod() {
        openAt(0);
        breaker.tryAcquire(10_000);
        breaker.onFailure(10_500);
        assertThat(breaker.state()).isEqualTo(State.OPEN);
        assertThat(breaker.tryAcquire(10_500)).isEqualTo(10_000);
    }

    @Test
    void anAbandonedTrialLetsTheNextRequestTry() {
        openAt(0);
        assertThat(breaker.tryAcquire(10_000)).isZero();
        breaker.onAbandoned();
        assertThat(breaker.tryAcquire(10_001)).isZero();
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
            assertThat(breaker.tryAcquire(now)).isZero();
            breaker.onFailure(now);
        }
    }
}
