package io.herald.bench.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.protocol.PusherMessages;
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
}
