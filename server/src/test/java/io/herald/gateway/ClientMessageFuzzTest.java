package io.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * Fuzzes what turns a client's WebSocket text frame into a {@link ClientMessage}, and the reads
 * the gateway then makes of its data (subscribe, signin, client events): anything a client sends
 * is a message or a {@link ClientMessage.MessageFormatException}, which the gateway answers with
 * a pusher:error on an open connection; any other exception fails the run.
 */
class ClientMessageFuzzTest {

    /** What JSON itself accepts: one value, nothing after it. */
    private static final ObjectMapper STRICT_JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String[] DATA_FIELDS = {"channel", "auth", "channel_data", "user_data"};

    /** The input is the frame's payload, as UTF-8 (which is what a text frame holds). */
    @FuzzTest
    void readsAnyTextFrame(byte[] payload) throws JsonProcessingException {
        String text = new String(payload, StandardCharsets.UTF_8);
        ClientMessage message;
        try {
            message = ClientMessage.parse(text);
        } catch (ClientMessage.MessageFormatException refused) {
            assertThat(refused.getMessage()).startsWith("Invalid message format");
            return;
        }
        assertThat(message.event()).isNotEmpty();
        assertThat(STRICT_JSON.readTree(text)).as("a message that is one JSON object").isNotNull();
        JsonNode data;
        try {
            data = message.dataObject();
        } catch (ClientMessage.MessageFormatException refused) {
            assertThat(refused.getMessage()).startsWith("Invalid message format");
            return;
        }
        assertThat(data.isObject()).isTrue();
        for (String field : DATA_FIELDS) {
            ClientMessage.text(data, field);
        }
    }
}
