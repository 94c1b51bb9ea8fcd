package io.herald.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.herald.bench.client.BenchPayload;
import io.herald.webhook.WebhookEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WebhookTallyTest {

    private static final long T0_MICROS = 1_763_900_000_000_000L;

    private final WebhookTally tally = new WebhookTally();

    @Test
    void countsJobsEventsAndLagOfMeasuredEvents() {
        tally.record("job-1", body(T0_MICROS / 1000 + 5, bench(true, 0, T0_MICROS), bench(true, 1, T0_MICROS + 2_000)),
                T0_MICROS + 10_000);
        tally.record("job-2", body(T0_MICROS / 1000 + 30, bench(true, 2, T0_MICROS + 20_000)), T0_MICROS + 50_000);

        WebhookTally.Snapshot snapshot = tally.snapshot();
        assertThat(snapshot.jobs()).isEqualTo(2);
        assertThat(snapshot.events()).isEqualTo(3);
        assertThat(snapshot.measuredEvents()).isEqualTo(3);
        assertThat(snapshot.measuredJobs()).isEqualTo(2);
        assertThat(snapshot.lastMeasuredArrivalMicros()).isEqualTo(T0_MICROS + 50_000);
        assertThat(tally.lag().getTotalCount()).isEqualTo(3);
        assertThat(tally.lag().getMaxValue()).isCloseTo(30_000L, withinPercentage(0.2));
        assertThat(tally.lag().getMinValue()).isCloseTo(8_000L, withinPercentage(0.2));
        assertThat(tally.jobLag().getTotalCount()).isEqualTo(2);
        assertThat(tally.jobLag().getMaxValue()).isCloseTo(20_000L, withinPercentage(0.2));
    }

    @Test
    void countsARepeatedJobIdAsADuplicateJobAndNotItsEventsAgain() {
        ByteBuf body = body(T0_MICROS / 1000, bench(true, 0, T0_MICROS), bench(true, 1, T0_MICROS));
        tally.record("job-1", body, T0_MICROS + 1_000);
        tally.record("job-1", body, T0_MICROS + 2_000);

        WebhookTally.Snapshot snapshot = tally.snapshot();
        assertThat(snapshot.jobs()).isEqualTo(1);
        assertThat(snapshot.duplicateJobs()).isEqualTo(1);
        assertThat(snapshot.measuredEvents()).isEqualTo(2);
        assertThat(snapshot.duplicateEvents()).isZero();
        assertThat(tally.lag().getTotalCount()).isEqualTo(2);
    }

    @Test
    void countsAnEventQueuedTwiceUnderAnotherJobIdAsADuplicateEvent() {
        tally.record("job-1", body(T0_MICROS / 1000, bench(true, 7, T0_MICROS)), T0_MICROS + 1_000);
        tally.record("job-2", body(T0_MICROS / 1000, bench(true, 7, T0_MICROS), bench(true, 8, T0_MICROS)), T0_MICROS + 2_000);

        WebhookTally.Snapshot snapshot = tally.snapshot();
        assertThat(snapshot.jobs()).isEqualTo(2);
        assertThat(snapshot.measuredEvents()).isEqualTo(2);
        assertThat(snapshot.duplicateEvents()).isEqualTo(1);
    }

    @Test
    void keepsWarmupEventsOutOfTheMeasuredFiguresAndCountsOtherEvents() {
        String occupied = WebhookEvent.channelOccupied("private-bench-0").toJson();
        tally.record("job-1", body(T0_MICROS / 1000, bench(false, 0, T0_MICROS), occupied), T0_MICROS + 1_000);
        tally.record(null, body(T0_MICROS / 1000, bench(false, 1, T0_MICROS)), T0_MICROS + 1_000);

        WebhookTally.Snapshot snapshot = tally.snapshot();
        assertThat(snapshot.jobs()).isEqualTo(2);
        assertThat(snapshot.events()).isEqualTo(3);
        assertThat(snapshot.warmupEvents()).isEqualTo(2);
        assertThat(snapshot.measuredEvents()).isZero();
        assertThat(snapshot.measuredJobs()).isZero();
        assertThat(snapshot.otherEvents()).isEqualTo(1);
        assertThat(snapshot.jobsWithoutId()).isEqualTo(1);
        assertThat(tally.lag().getTotalCount()).isZero();
        assertThat(tally.jobLag().getTotalCount()).isZero();
    }

    /** A client_event exactly as the node writes it into a webhook body. */
    private static String bench(boolean measured, long seq, long sentMicros) {
        return WebhookEvent.clientEvent("private-bench-" + seq % 3, "client-bench", BenchPayload.data(measured, seq, sentMicros, 100),
                "123.456", null).toJson();
    }

    /** A body as the node's outbox makes it. */
    private static ByteBuf body(long timeMillis, String... events) {
        String body = "{\"time_ms\":" + timeMillis + ",\"events\":[" + List.of(events).stream().collect(Collectors.joining(","))
                + "]}";
        return Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
    }
}
