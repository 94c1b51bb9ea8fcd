package io.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConnectionUsageTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong clock = new AtomicLong(42 * SECOND);
    private final ConnectionUsage usage = new ConnectionUsage(clock::get);

    @Test
    void integratesOpenConnectionsOverTime() {
        usage.opened();
        clock.addAndGet(10 * SECOND);
        usage.opened();
        clock.addAndGet(5 * SECOND);
        usage.closed();
        clock.addAndGet(SECOND / 2);

        // 1 connection for 10 s, 2 for 5 s, 1 for 0.5 s
        assertThat(usage.connectionSeconds()).isCloseTo(20.5, within(1e-9));
        assertThat(usage.open()).isEqualTo(1);
    }

    @Test
    void countsNothingWhileNoConnectionIsOpen() {
        clock.addAndGet(100 * SECOND);
        usage.opened();
        usage.closed();
        clock.addAndGet(100 * SECOND);

        assertThat(usage.connectionSeconds()).isZero();
    }

    @Test
    void keepsCountingBetweenReadsWithoutAnyChange() {
        usage.opened();
        usage.opened();
        usage.opened();
        clock.addAndGet(2 * SECOND);
        assertThat(usage.connectionSeconds()).isCloseTo(6, within(1e-9));
        clock.addAndGet(2 * SECOND);
        assertThat(usage.connectionSeconds()).isCloseTo(12, within(1e-9));
    }

    @Test
    void peakIsTheHighWaterMarkAndNeverFalls() {
        usage.opened();
        usage.opened();
        usage.opened();
        usage.closed();
        usage.closed();
        usage.opened();

        assertThat(usage.open()).isEqualTo(2);
        assertThat(usage.peak()).isEqualTo(3);
    }

    @Test
    void aCloseWithoutItsOpenNeverMakesTheCounterFall() {
        usage.closed();
        clock.addAndGet(10 * SECOND);

        assertThat(usage.connectionSeconds()).isZero();
    }
}
