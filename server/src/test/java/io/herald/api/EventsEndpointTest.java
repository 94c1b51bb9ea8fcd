package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.ApiFixture.Reply;
import io.herald.api.RecordingHub.Published;
import io.herald.channel.ChannelHub.ChannelStats;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /apps/{id}/events: docs/http-api.md. */
class EventsEndpointTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void publishesToEveryListedChannelLeavingOutTheSocket() {
        Reply reply = publish("{\"name\":\"my-event\",\"channels\":[\"a\",\"private-b\"],\"data\":\"{\\\"x\\\":1}\",\"socket_id\":\"123.456\"}");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.hub.published).containsExactly(
                new Published("app-id", "a", "my-event", "{\"x\":1}", "123.456"),
                new Published("app-id", "private-b", "my-event", "{\"x\":1}", "123.456"));
    }

    @Test
    void refusesANumberBeyondWhatItCanKeepAsWritten() {
        for (String body : new String[] {
            "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"x\":1e99999999999}",
            "{\"name\":\"e\",\"channels\":[\"c\"],\"data\":1e99999999999}",
        }) {
            Reply reply = publish(body);

            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.body()).as(body).contains("number out of range");
        }
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void publishesToTheChannelField() {
        publish("{\"name\":\"e\",\"channel\":\"news\",\"data\":\"d\"}");

        assertThat(api.hub.published).containsExactly(new Published("app-id", "news", "e", "d", null));
    }

    @Test
    void publishesOnceToAChannelNamedTwice() {
        publish("{\"name\":\"e\",\"channels\":[\"news\",\"news\"],\"data\":\"d\"}");

        assertThat(api.hub.published).hasSize(1);
    }

    @Test
    void acceptsServerToUserChannels() {
        assertThat(publish("{\"name\":\"e\",\"channels\":[\"#server-to-user-42\"],\"data\":\"d\"}").status()).isEqualTo(200);
        assertThat(api.hub.published).extracting(Published::channel).containsExactly("#server-to-user-42");
    }

    @Test
    void acceptsLaravelStyleEventNames() {
        assertThat(publish("{\"name\":\"App\\\\Events\\\\OrderShipped\",\"channel\":\"private-App.Models.User.1\",\"data\":\"d\"}").status())
                .isEqualTo(200);
        assertThat(api.hub.published).extracting(Published::event).containsExactly("App\\Events\\OrderShipped");
    }

    @Test
    void relaysObjectDataAsItsJsonText() {
        publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":{\"a\":[1,2.50],\"b\":null}}");
        publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":42}");

        assertThat(api.hub.published).extracting(Published::data).containsExactly("{\"a\":[1,2.50],\"b\":null}", "42");
    }

    @Test
    void acceptsEmptyData() {
        assertThat(publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"\"}").status()).isEqualTo(200);
        assertThat(api.hub.published).extracting(Published::data).containsExactly("");
    }

    @Test
    void reportsTheRequestedCountsOfEveryChannel() {
        api.hub.stats.put("my-channel", new ChannelStats(1, 0));

        Reply reply = publish("{\"name\":\"e\",\"channels\":[\"my-channel\",\"presence-my-channel\"],\"data\":\"d\","
                + "\"info\":\"user_count,subscription_count\"}");

        assertThat(reply.body()).isEqualTo("{\"channels\":{\"my-channel\":{\"subscription_count\":1},"
                + "\"presence-my-channel\":{\"user_count\":0,\"subscription_count\":0}}}");
    }

    @Test
    void rejectsAMissingName() {
        assertBadRequest("{\"channel\":\"c\",\"data\":\"d\"}", "Missing event name: give \\\"name\\\"");
    }

    @Test
    void rejectsReservedEventNames() {
        assertBadRequest("{\"name\":\"pusher:subscribe\",\"channel\":\"c\",\"data\":\"d\"}", "Event name 'pusher:subscribe' is reserved");
        assertBadRequest("{\"name\":\"pusher_internal:member_added\",\"channel\":\"c\",\"data\":\"d\"}", "is reserved");
    }

    @Test
    void rejectsAnEventNameOverTheLimit() {
        assertBadRequest("{\"name\":\"" + "e".repeat(201) + "\",\"channel\":\"c\",\"data\":\"d\"}", "Event name is longer than 200 characters");
        assertThat(publish("{\"name\":\"" + "e".repeat(200) + "\",\"channel\":\"c\",\"data\":\"d\"}").status()).isEqualTo(200);
    }

    @Test
    void rejectsMissingData() {
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\"}", "Missing event data");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":null}", "Missing event data");
    }

    @Test
    void rejectsMissingOrEmptyChannels() {
        assertBadRequest("{\"name\":\"e\",\"data\":\"d\"}", "Missing channels");
        assertBadRequest("{\"name\":\"e\",\"channels\":[],\"data\":\"d\"}", "An event must name at least one channel");
        assertBadRequest("{\"name\":\"e\",\"channels\":\"c\",\"data\":\"d\"}", "\\\"channels\\\" must be an array of channel names");
        assertBadRequest("{\"name\":\"e\",\"channels\":[1],\"data\":\"d\"}", "\\\"channels\\\" must contain only strings");
    }

    @Test
    void rejectsInvalidChannelNames() {
        assertBadRequest("{\"name\":\"e\",\"channels\":[\"ok\",\"no spaces\"],\"data\":\"d\"}", "Invalid channel name 'no spaces'");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"#secret\",\"data\":\"d\"}", "Channel names starting with # are reserved");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"" + "c".repeat(201) + "\",\"data\":\"d\"}", "Channel name is longer than 200 characters");
    }

    @Test
    void rejectsMoreChannelsThanTheLimit() {
        String channels = IntStream.range(0, 101).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));

        assertBadRequest("{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"d\"}", "Too many channels: 101 given, at most 100 per event");
    }

    @Test
    void rejectsAnEncryptedChannelAmongSeveral() {
        assertBadRequest("{\"name\":\"e\",\"channels\":[\"a\",\"private-encrypted-b\"],\"data\":\"d\"}",
                "Cannot publish to several channels when one is encrypted ('private-encrypted-b')");
        assertThat(publish("{\"name\":\"e\",\"channels\":[\"private-encrypted-b\"],\"data\":\"d\"}").status()).isEqualTo(200);
    }

    @Test
    void rejectsAMalformedSocketId() {
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"socket_id\":\"abc\"}", "Invalid socket_id 'abc'");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"socket_id\":\"1.2.3\"}", "Invalid socket_id '1.2.3'");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"socket_id\":12}", "\\\"socket_id\\\" must be a string");
    }

    @Test
    void rejectsDataLargerThanTheLimitWith413() {
        Reply reply = publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(10241) + "\"}");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).isEqualTo("{\"error\":\"Event data is 10241 bytes, more than the limit of 10240 bytes\"}");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void acceptsDataOfExactlyTheLimit() {
        assertThat(publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(10240) + "\"}").status()).isEqualTo(200);
    }

    @Test
    void measuresDataInUtf8Bytes() {
        assertThat(publish("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "é".repeat(5121) + "\"}").status()).isEqualTo(413);
    }

    @Test
    void rejectsMalformedJson() {
        assertBadRequest("{\"name\":\"e\",", "Request body is not valid JSON");
        assertBadRequest("[1,2]", "Request body must be a JSON object");
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"} trailing", "Request body is not valid JSON");
        assertBadRequest("{\"name\":\"e\",\"name\":\"f\",\"channel\":\"c\",\"data\":\"d\"}", "Request body is not valid JSON: the field 'name' is given twice (line 1, column ");
    }

    @Test
    void rejectsAnUnknownInfoAttribute() {
        assertBadRequest("{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"info\":\"occupied\"}",
                "Unknown info attribute 'occupied'; expected subscription_count or user_count");
    }

    private Reply publish(String body) {
        return api.post("/apps/app-id/events", body);
    }

    private void assertBadRequest(String body, String message) {
        Reply reply = publish(body);
        assertThat(reply.status()).as(body).isEqualTo(400);
        assertThat(reply.body()).as(body).startsWith("{\"error\":\"").contains(message);
        assertThat(api.hub.published).as("published after " + body).isEmpty();
    }
}
