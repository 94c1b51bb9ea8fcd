package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.protocol.PusherMessages;
import io.herald.webhook.WebhookEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchPayloadTest {

    @Test
    void padsTheDataToTheRequestedSize() {
        assertThat(BenchPayload.data(true, 7, 1_717_171_717_000_000L, 100)).hasSize(100);
    }

    @Test
    void neverTruncatesWhenTheRequestedSizeIsTooSmall() {
        assertThat(BenchPayload.data(true, 7, 1_717_171_717_000_000L, 10)).contains("\"seq\":7", "\"sent\":1717171717000000");
    }

    @Test
    void readsBackTheFieldsFromTheFrameTheServerSends() {
        String data = BenchPayload.data(true, 123_456, 1_717_171_717_654_321L, 100);
        ByteBuf frame = frame(PusherMessages.channelEvent("bench", "bench-3", data, null));
        BenchPayload.Delivery delivery = new BenchPayload.Delivery();

        assertThat(BenchPayload.read(frame, delivery)).isTrue();
        assertThat(delivery.measured).isTrue();
        assertThat(delivery.seq).isEqualTo(123_456);
        assertThat(delivery.sentMicros).isEqualTo(1_717_171_717_654_321L);
    }

    @Test
    void tellsWarmupEventsApart() {
        ByteBuf frame = frame(PusherMessages.channelEvent("bench", "bench-0", BenchPayload.data(false, 0, 5, 0), null));
        BenchPayload.Delivery delivery = new BenchPayload.Delivery();

        assertThat(BenchPayload.read(frame, delivery)).isTrue();
        assertThat(delivery.measured).isFalse();
    }

    @Test
    void ignoresPusherMessages() {
        BenchPayload.Delivery delivery = new BenchPayload.Delivery();

        assertThat(BenchPayload.read(frame(PusherMessages.connectionEstablished("1.2", 120)), delivery)).isFalse();
        assertThat(BenchPayload.read(frame(PusherMessages.subscriptionSucceeded("bench-0", "{}")), delivery)).isFalse();
        assertThat(BenchPayload.read(frame(PusherMessages.PING), delivery)).isFalse();
        assertThat(BenchPayload.read(frame(PusherMessages.channelEvent("other", "c", "{\"m\":1}", null)), delivery)).isFalse();
    }

    private static ByteBuf frame(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void findsEveryBenchEventInAWebhookBody() {
        String first = WebhookEvent.clientEvent("private-bench-0", "client-bench",
                BenchPayload.data(true, 3, 1_000_000, 60), "1.2", null).toJson();
        String second = WebhookEvent.clientEvent("private-bench-1", "client-bench",
                BenchPayload.data(false, 4, 2_000_000, 60), "1.3", null).toJson();
        ByteBuf body = frame("{\"time_ms\":1,\"events\":[" + first + "," + second + "]}");
        BenchPayload.Delivery delivery = new BenchPayload.Delivery();

        int at = BenchPayload.readNext(body, 0, delivery);
        assertThat(at).isPositive();
        assertThat(delivery.seq).isEqualTo(3);
        assertThat(delivery.measured).isTrue();
        assertThat(delivery.sentMicros).isEqualTo(1_000_000);
        at = BenchPayload.readNext(body, at, delivery);
        assertThat(at).isPositive();
        assertThat(delivery.seq).isEqualTo(4);
        assertThat(delivery.measured).isFalse();
        assertThat(BenchPayload.readNext(body, at, delivery)).isEqualTo(-1);
    }
}
