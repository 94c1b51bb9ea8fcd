package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void theFirstAttemptAfterTheCloseGoesAtOnce() {
        assertThat(ReconnectBackoff.delayMillis(1, 0.99)).isZero();
    }

    @Test
    void eachFailureDoublesTheWaitWithinItsUpperHalfUpToTheCap() {
        assertThat(ReconnectBackoff.delayMillis(2, 0.0)).isEqualTo(250);
        assertThat(ReconnectBackoff.delayMillis(2, 0.999)).isBetween(250L, 500L);
        assertThat(ReconnectBackoff.delayMillis(3, 0.0)).isEqualTo(500);
        assertThat(ReconnectBackoff.delayMillis(4, 0.0)).isEqualTo(1_000);
        assertThat(ReconnectBackoff.delayMillis(ReconnectBackoff.MAX_ATTEMPTS, 0.0)).isEqualTo(5_000);
        assertThat(ReconnectBackoff.delayMillis(ReconnectBackoff.MAX_ATTEMPTS, 0.999)).isBetween(5_000L, 10_000L);
    }

    @Test
    void theAttemptsSpanMinutesBeforeASubscriberGivesUp() {
        long shortest = 0;
        for (int attempt = 1; attempt <= ReconnectBackoff.MAX_ATTEMPTS; attempt++) {
            shortest += ReconnectBackoff.delayMillis(attempt, 0.0);
        }
        assertThat(shortest).isGreaterThan(100_000);
    }
}
