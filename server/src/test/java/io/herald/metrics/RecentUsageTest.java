package io.herald.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.metrics.RecentUsage.Kind;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentUsageTest {

    private static final long MINUTE = 60_000;

    private final AtomicLong clock = new AtomicLong(1_000 * MINUTE + 5_000);
    private final RecentUsage usage = new RecentUsage(clock::get);

    private long[] last(Kind kind) {
        return usage.lastHour("shop", usage.minute())[kind.ordinal()];
    }

    @Test
    void addsWithinTheMinuteAndStartsAFreshOneWhenItTurns() {
        usage.add("shop", Kind.MESSAGES_SENT, 2);
        usage.add("shop", Kind.MESSAGES_SENT, 3);
        usage.add("shop", Kind.BYTES_SENT, 100);
        assertThat(last(Kind.MESSAGES_SENT)[59]).isEqualTo(5);
        assertThat(last(Kind.BYTES_SENT)[59]).isEqualTo(100);
        clock.addAndGet(MINUTE);
        usage.add("shop", Kind.MESSAGES_SENT, 7);
        long[] sent = last(Kind.MESSAGES_SENT);
        assertThat(sent[59]).isEqualTo(7);
        assertThat(sent[58]).as("the previous minute").isEqualTo(5);
        assertThat(last(Kind.BYTES_SENT)[59]).isZero();
        assertThat(sent).hasSize(RecentUsage.MINUTES);
    }

    @Test
    void aSlotComingRoundAgainForgetsItsOldMinute() {
        usage.add("shop", Kind.EVENTS_PUBLISHED, 4);
        clock.addAndGet(RecentUsage.MINUTES * MINUTE);
        assertThat(last(Kind.EVENTS_PUBLISHED)).as("an hour later the minute is gone").containsOnly(0L);
        usage.add("shop", Kind.EVENTS_PUBLISHED, 1);
        long[] published = last(Kind.EVENTS_PUBLISHED);
        assertThat(published[59]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(published).sum()).isEqualTo(1);
    }

    @Test
    void holdsOnlyAppsActiveInTheLastHour() {
        usage.add("shop", Kind.MESSAGES_SENT, 1);
        usage.add("blog", Kind.MESSAGES_SENT, 0);
        assertThat(usage.lastHour()).containsOnlyKeys("shop");
        clock.addAndGet(59 * MINUTE);
        usage.add("blog", Kind.MESSAGES_SENT, 1);
        assertThat(usage.lastHour()).containsOnlyKeys("shop", "blog");
        clock.addAndGet(MINUTE);
        assertThat(usage.lastHour()).containsOnlyKeys("blog");
        assertThat(usage.size()).isEqualTo(1);
    }

    @Test
    void sumsTheHourOldestFirst() {
        for (int minute = 0; minute < 90; minute++) {
            usage.add("shop", Kind.CONNECTION_MILLIS, 1_000);
            clock.addAndGet(MINUTE);
        }
        long[] millis = usage.lastHour("shop", usage.minute() - 1)[Kind.CONNECTION_MILLIS.ordinal()];
        assertThat(java.util.Arrays.stream(millis).sum()).isEqualTo(60_000);
        assertThat(usage.lastHour("shop", usage.minute())[Kind.CONNECTION_MILLIS.ordinal()][59])
                .as("nothing yet in the minute now").isZero();
    }
}
