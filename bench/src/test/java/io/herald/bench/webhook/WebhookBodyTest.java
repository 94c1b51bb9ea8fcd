package io.herald.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.webhook.WebhookEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {

    @Test
    void readsTimeMillisAndCountsEventsOfEveryType() {
        String events = String.join(",", WebhookEvent.channelOccupied("presence-room").toJson(),
                WebhookEvent.memberAdded("presence-room", "42").toJson(),
                WebhookEvent.clientEvent("presence-room", "client-typing", "{\"name\":\"x\",\"inner\":{\"name\":\"y\"}}",
                        "1.2", "42").toJson(),
                WebhookEvent.subscriptionCount("news", 5).toJson());
        ByteBuf body = buffer("{\"time_ms\":1700000000123,\"events\":[" + events + "]}");

        assertThat(WebhookBody.timeMillis(body)).isEqualTo(1_700_000_000_123L);
        assertThat(WebhookBody.eventCount(body)).isEqualTo(4);
    }

    @Test
    void answersMinusOneForABodyWithoutTimeMillis() {
        assertThat(WebhookBody.timeMillis(buffer("{\"events\":[]}"))).isEqualTo(-1);
        assertThat(WebhookBody.timeMillis(buffer("{\"time_ms\":\"soon\"}"))).isEqualTo(-1);
        assertThat(WebhookBody.eventCount(buffer("{\"events\":[]}"))).isZero();
    }

    private static ByteBuf buffer(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }
}
