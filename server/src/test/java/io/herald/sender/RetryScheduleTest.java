package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private final RetrySchedule schedule = RetrySchedule.ofMillis(List.of(1000, 2000, 5000), 0.2, 60_000);

    @Test
    void followsTheScheduleAndRepeatsTheLastDelay() {
        assertThat(schedule.baseDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(schedule.baseDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(schedule.baseDelay(3)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.baseDelay(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.baseDelay(50)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void jitterAddsUpToItsFractionOfTheBaseDelay() {
        assertThat(schedule.delay(2, 0.0)).isEqualTo(Duration.ofMillis(2000));
        assertThat(schedule.delay(2, 0.5)).isEqualTo(Duration.ofMillis(2200));
        assertThat(schedule.delay(2, 0.999_999)).isEqualTo(Duration.ofMillis(2400));
    }

    @Test
    void jitteredDelaysSpreadOverTheWholeRange() {
        java.util.Random random = new java.util.Random(42);
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long delay = schedule.delay(1, random.nextDouble()).toMillis();
            min = Math.min(min, delay);
            max = Math.max(max, delay);
        }
        assertThat(min).isBetween(1000L, 1010L);
        assertThat(max).isBetween(1190L, 1200L);
    }

    @Test
    void givesUpWhenTheNextAttemptWouldStartAfterTheWindow() {
        long created = 1_000_000;
        assertThat(schedule.next(3, created, created + 54_000, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.next(3, created, created + 55_000, 0.0)).isEqualTo(Duration.ofSeconds(5));
        assertThat(schedule.next(3, created, created + 55_001, 0.0)).isNull();
        assertThat(schedule.next(1, created, created + 120_000, 0.0)).isNull();
    }

    @Test
    void countsTheWindowFromCreationNotFromTheFirstAttempt() {
        long created = 0;
        assertThat(schedule.next(1, created, 59_500, 0.0)).isNull();
        assertThat(schedule.next(1, created, 58_000, 0.0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void rejectsAnEmptyScheduleAndNegativeJitter() {
        assertThatThrownBy(() -> RetrySchedule.ofMillis(List.of(), 0.2, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetrySchedule.ofMillis(List.of(1), -0.1, 1000)).isInstanceOf(IllegalArgumentException.class);
    }
}
