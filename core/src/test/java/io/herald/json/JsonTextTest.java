package io.herald.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void escapesWhatJsonRequires() {
        assertThat(JsonText.quote("a\"b\\c\nd\u0000")).isEqualTo("\"a\\\"b\\\\c\\nd\\u0000\"");
    }

    @Test
    void roundTripsRandomStringsThroughJackson() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                value.append((char) (random.nextBoolean() ? random.nextInt(0x80) : random.nextInt(0xD7FF)));
            }
            String original = value.toString();
            assertThat(JSON.readTree(JsonText.quote(original)).asText()).isEqualTo(original);
        }
    }
}
