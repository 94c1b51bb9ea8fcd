package io.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);

    @Test
    void refusesAnAddressPastItsFailuresUntilTheMinuteIsOver() {
        LoginLimiter limiter = new LoginLimiter(3, clock::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
            limiter.failed("10.0.0.1");
            clock.addAndGet(1_000);
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(57);
        assertThat(limiter.retryAfterSeconds("10.0.0.2")).as("another address").isZero();
        clock.addAndGet(56_500);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isEqualTo(1);
        clock.addAndGet(500);
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
        limiter.failed("10.0.0.1");
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).as("a fresh minute").isZero();
    }

    @Test
    void zeroMeansNoLimit() {
        LoginLimiter limiter = new LoginLimiter(0, clock::get);
        for (int i = 0; i < 100; i++) {
            limiter.failed("10.0.0.1");
        }
        assertThat(limiter.retryAfterSeconds("10.0.0.1")).isZero();
        assertThat(limiter.size()).isZero();
    }

    @Test
    void holdsABoundedNumberOfAddresses() {
        LoginLimiter limiter = new LoginLimiter(1, clock::get);
        for (int i = 0; i <= LoginLimiter.MAX_ADDRESSES; i++) {
            limiter.failed("address-" + i);
        }
        assertThat(limiter.size()).isEqualTo(LoginLimiter.MAX_ADDRESSES);
        assertThat(limiter.retryAfterSeconds("address-0")).as("the oldest is forgotten").isZero();
        assertThat(limiter.retryAfterSeconds("address-" + LoginLimiter.MAX_ADDRESSES)).isPositive();
    }
}
