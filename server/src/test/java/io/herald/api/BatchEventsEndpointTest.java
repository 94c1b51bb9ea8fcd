package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.ApiFixture.Reply;
import io.herald.api.RecordingHub.Published;
import io.herald.channel.ChannelHub.ChannelStats;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** POST /apps/{id}/batch_events: docs/http-api.md. */
class BatchEventsEndpointTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void publishesEveryEventInOrderAndAnswersAnEmptyObject() {
        Reply reply = batch("{\"name\":\"a\",\"channel\":\"one\",\"data\":\"1\"},"
                + "{\"name\":\"b\",\"channel\":\"two\",\"data\":\"2\",\"socket_id\":\"1.2\"}");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(200, "{}");
        assertThat(api.hub.published).containsExactly(
                new Published("app-id", "one", "a", "1", null), new Published("app-id", "two", "b", "2", "1.2"));
    }

    @Test
    void rejectsABatchLargerThanTheLimit() {
        String events = IntStream.range(0, 11).mapToObj(i -> "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}")
                .collect(Collectors.joining(","));

        Reply reply = batch(events);

        assertThat(reply).extracting(Reply::status, Reply::body)
                .containsExactly(400, "{\"error\":\"Batch too large: 11 events given, at most 10 per request\"}");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void failsTheWholeBatchOnOneBadEvent() {
        Reply reply = batch("{\"name\":\"a\",\"channel\":\"one\",\"data\":\"1\"},{\"name\":\"pusher:x\",\"channel\":\"two\",\"data\":\"2\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("{\"error\":\"batch[1]: Event name 'pusher:x' is reserved");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void failsTheWholeBatchWith413OnOneOversizedEvent() {
        Reply reply = batch("{\"name\":\"a\",\"channel\":\"one\",\"data\":\"1\"},{\"name\":\"b\",\"channel\":\"two\",\"data\":\""
                + "x".repeat(10241) + "\"}");

        assertThat(reply.status()).isEqualTo(413);
        assertThat(reply.body()).startsWith("{\"error\":\"batch[1]: Event data is 10241 bytes");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void reportsCountsPerEventWhenAnyEventAsksForThem() {
        api.hub.stats.put("presence-room", new ChannelStats(3, 2));

        Reply reply = batch("{\"name\":\"a\",\"channel\":\"presence-room\",\"data\":\"1\",\"info\":\"user_count,subscription_count\"},"
                + "{\"name\":\"b\",\"channel\":\"two\",\"data\":\"2\"},"
                + "{\"name\":\"c\",\"channel\":\"three\",\"data\":\"3\",\"info\":\"subscription_count\"}");

        assertThat(reply.body()).isEqualTo("{\"batch\":[{\"user_count\":2,\"subscription_count\":3},{},{\"subscription_count\":0}]}");
    }

    @Test
    void rejectsABodyWithoutBatch() {
        Reply reply = api.post("/apps/app-id/batch_events", "{\"name\":\"a\",\"channel\":\"one\",\"data\":\"1\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("{\"error\":\"Missing batch");
    }

    @Test
    void rejectsAnEventNamingSeveralChannels() {
        Reply reply = batch("{\"name\":\"a\",\"channels\":[\"one\",\"two\"],\"data\":\"1\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("batch[0]: A batch event names exactly one channel");
    }

    @Test
    void acceptsAnEventWithAOneChannelList() {
        assertThat(batch("{\"name\":\"a\",\"channels\":[\"one\"],\"data\":\"1\"}").status()).isEqualTo(200);
        assertThat(api.hub.published).extracting(Published::channel).containsExactly("one");
    }

    @Test
    void rejectsAnItemThatIsNoObject() {
        Reply reply = batch("\"event\"");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(400, "{\"error\":\"batch[0] must be an object\"}");
    }

    private Reply batch(String events) {
        return api.post("/apps/app-id/batch_events", "{\"batch\":[" + events + "]}");
    }
}
