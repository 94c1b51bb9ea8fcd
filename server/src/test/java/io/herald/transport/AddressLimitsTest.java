package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.transport.AddressLimits.Verdict;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AddressLimitsTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Test
    void admitsUpToTheOpenLimitPerAddressAndAgainAfterARelease() {
        AddressLimits limits = new AddressLimits(2, 0, nanos::get);

        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);
        assertThat(limits.acquire("192.0.2.2")).isEqualTo(Verdict.ADMITTED);

        limits.release("192.0.2.1");
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);
    }

    @Test
    void forgetsAnAddressOnceItsLastConnectionCloses() {
        AddressLimits limits = new AddressLimits(5, 0, nanos::get);
        for (int i = 0; i < 10_000; i++) {
            String address = "10." + (i >> 16 & 0xFF) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF);
            assertThat(limits.acquire(address)).isEqualTo(Verdict.ADMITTED);
            limits.release(address);
        }

        assertThat(limits.addressesWithConnections()).isZero();
    }

    @Test
    void allowsABurstOfOneSecondsWorthThenTheRate() {
        AddressLimits limits = new AddressLimits(0, 3, nanos::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);
        }
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.TOO_FAST);
        assertThat(limits.acquire("192.0.2.2")).as("another address has its own rate").isEqualTo(Verdict.ADMITTED);

        nanos.addAndGet(333_000_000L);
        assertThat(limits.acquire("192.0.2.1")).as("a third of a second later: not yet one token").isEqualTo(Verdict.TOO_FAST);
        nanos.addAndGet(1_000_000L);
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);

        nanos.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(limits.acquire("192.0.2.1")).as("a minute later the burst is back, no more").isEqualTo(Verdict.ADMITTED);
        }
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.TOO_FAST);
    }

    @Test
    void aRefusedConnectionNeedsNoRelease() {
        AddressLimits limits = new AddressLimits(1, 0, nanos::get);
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.ADMITTED);
        assertThat(limits.acquire("192.0.2.1")).isEqualTo(Verdict.TOO_MANY_CONNECTIONS);

        limits.release("192.0.2.1");
        assertThat(limits.addressesWithConnections()).isZero();
    }

    @Test
    void admitsConnectionsWithoutAnAddress() {
        AddressLimits limits = new AddressLimits(1, 1, nanos::get);

        assertThat(limits.acquire(null)).isEqualTo(Verdict.ADMITTED);
        assertThat(limits.acquire(null)).isEqualTo(Verdict.ADMITTED);
    }
}
