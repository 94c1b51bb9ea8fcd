package io.herald.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shapes of docs/protocol.md, "From Herald", checked by parsing them back with Jackson. */
class PusherMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void connectionEstablishedCarriesItsDataAsAJsonString() throws Exception {
        JsonNode message = JSON.readTree(PusherMessages.connectionEstablished("123.456", 120));
        assertThat(message.get("event").asText()).isEqualTo("pusher:connection_established");
        assertThat(message.get("data").isTextual()).isTrue();
        JsonNode data = JSON.readTree(message.get("data").asText());
        assertThat(data.get("socket_id").asText()).isEqualTo("123.456");
        assertThat(data.get("activity_timeout").asInt()).isEqualTo(120);
        assertThat(message.has("channel")).isFalse();
    }

    @Test
    void channelEventsKeepTheirDataStringExactly() throws Exception {
        String data = "{\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t unicode é \u2028 \u0001\"}";
        JsonNode message = JSON.readTree(PusherMessages.channelEvent("App\\Events\\Sent", "private-x", data, null));
        assertThat(message.get("event").asText()).isEqualTo("App\\Events\\Sent");
        assertThat(message.get("channel").asText()).isEqualTo("private-x");
        assertThat(message.get("data").asText()).isEqualTo(data);
        assertThat(message.has("user_id")).isFalse();
    }

    @Test
    void presenceClientEventsCarryTheSendersUserId() throws Exception {
        JsonNode message = JSON.readTree(PusherMessages.clientEventWithRawData("client-typing", "presence-room", "{\"a\":1}", "7"));
        assertThat(message.get("data").get("a").asInt()).isEqualTo(1);
        assertThat(message.get("user_id").asText()).isEqualTo("7");
    }

    @Test
    void errorsCarryAnObjectWithANumericOrNullCode() throws Exception {
        JsonNode coded = JSON.readTree(PusherMessages.error(4001, "App key x does not exist"));
        assertThat(coded.get("data").get("code").asInt()).isEqualTo(4001);
        assertThat(coded.get("data").get("message").asText()).isEqualTo("App key x does not exist");
        JsonNode generic = JSON.readTree(PusherMessages.error(null, "Auth info required"));
        assertThat(generic.get("data").get("code").isNull()).isTrue();
    }

    @Test
    void pongHasAnEmptyDataObject() throws Exception {
        JsonNode pong = JSON.readTree(PusherMessages.PONG);
        assertThat(pong.get("event").asText()).isEqualTo("pusher:pong");
        assertThat(pong.get("data").isObject()).isTrue();
    }

    @Test
    void subscriptionMessagesDoubleEncodeTheirData() throws Exception {
        JsonNode succeeded = JSON.readTree(PusherMessages.subscriptionSucceeded("presence-r",
                "{\"presence\":{\"ids\":[\"1\"],\"hash\":{\"1\":null},\"count\":1}}"));
        JsonNode presence = JSON.readTree(succeeded.get("data").asText()).get("presence");
        assertThat(presence.get("count").asInt()).isEqualTo(1);
        assertThat(presence.get("hash").get("1").isNull()).isTrue();

        JsonNode added = JSON.readTree(PusherMessages.memberAdded("presence-r", "3", "{\"name\":\"Ann\"}"));
        JsonNode member = JSON.readTree(added.get("data").asText());
        assertThat(member.get("user_id").asText()).isEqualTo("3");
        assertThat(member.get("user_info").get("name").asText()).isEqualTo("Ann");

        JsonNode removed = JSON.readTree(PusherMessages.memberRemoved("presence-r", "3"));
        assertThat(JSON.readTree(removed.get("data").asText()).get("user_id").asText()).isEqualTo("3");

        JsonNode count = JSON.readTree(PusherMessages.subscriptionCount("news", 5));
        assertThat(JSON.readTree(count.get("data").asText()).get("subscription_count").asInt()).isEqualTo(5);
    }

    @Test
    void subscriptionErrorsAreRoutedToTheChannel() throws Exception {
        JsonNode error = JSON.readTree(PusherMessages.subscriptionError("private-x", "AuthError", "Invalid signature", 401));
        assertThat(error.get("event").asText()).isEqualTo("pusher:subscription_error");
        assertThat(error.get("channel").asText()).isEqualTo("private-x");
        assertThat(error.get("data").get("type").asText()).isEqualTo("AuthError");
        assertThat(error.get("data").get("status").asInt()).isEqualTo(401);
    }

    @Test
    void signinSuccessKeepsUserDataAsAString() throws Exception {
        String userData = "{\"id\":\"1\",\"user_info\":{\"n\":1}}";
        JsonNode message = JSON.readTree(PusherMessages.signinSuccess(userData));
        assertThat(message.get("data").get("user_data").asText()).isEqualTo(userData);
    }

    @Test
    void watchlistEventsUseTheShapePusherJsReads() throws Exception {
        JsonNode message = JSON.readTree(PusherMessages.watchlistEvents("online", List.of("1", "2")));
        JsonNode entry = message.get("data").get("events").get(0);
        assertThat(entry.get("name").asText()).isEqualTo("online");
        assertThat(entry.get("user_ids")).hasSize(2);
    }

    @Test
    void cacheMissHasStringData() throws Exception {
        JsonNode miss = JSON.readTree(PusherMessages.cacheMiss("cache-x"));
        assertThat(miss.get("event").asText()).isEqualTo("pusher:cache_miss");
        assertThat(miss.get("data").asText()).isEqualTo("{}");
    }
}
