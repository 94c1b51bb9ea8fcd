package io.herald.bench.presence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.Signatures;
import org.junit.jupiter.api.Test;

class PresenceConnectionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void signsTheSubscriptionOverSocketIdChannelAndChannelData() throws Exception {
        String channelData = PresenceConnection.channelData("m7");

        JsonNode message = JSON.readTree(PresenceConnection.subscribeMessage("app-key", "app-secret", "123.456", "presence-bench-0",
                channelData));

        assertThat(message.path("event").asText()).isEqualTo("pusher:subscribe");
        JsonNode data = message.path("data");
        assertThat(data.path("channel").asText()).isEqualTo("presence-bench-0");
        assertThat(data.path("channel_data").asText()).isEqualTo(channelData);
        assertThat(JSON.readTree(channelData).path("user_id").asText()).isEqualTo("m7");
        assertThat(data.path("auth").asText()).isEqualTo("app-key:"
                + Signatures.hmacSha256Hex("app-secret", "123.456:presence-bench-0:" + channelData));
    }
}
