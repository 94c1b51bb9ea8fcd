package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streamed read of a {@code /events} body answers exactly what the tree read answers. */
class EventBodyReaderTest {

    private static final AppConfig APP = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
            List.of("apps=[{id: app-id, key: app-key, secret: app-secret, max-event-size: 64, max-channels-per-publish: 3}]")))
            .apps().getFirst();

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":[\"a\",\"b\",\"a\"],\"data\":\"{\\\"x\\\":1}\",\"socket_id\":\"1.2\"}",
        "{\"name\":\"e\",\"channels\":[\"a\"],\"channel\":\"ignored\",\"data\":\"d\",\"info\":\"subscription_count\"}",
        "{\"data\":\"d\",\"channel\":\"c\",\"name\":\"e\",\"extra\":{\"nested\":[1,2,{\"x\":null}]},\"more\":3}",
        "  {\"name\":\"e\",\"channel\":\"c\",\"data\":\"\\u00e9\\u2028\\n\"}  ",
        // every error the checks find, in the order the tree read finds them
        "{\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"\",\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"pusher:e\",\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":[],\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":[\"a\",\"b\",\"c\",\"d\"],\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":[\"a\",\"private-encrypted-b\"],\"data\":\"d\"}",
        "{\"name\":\"e\",\"channel\":\"bad name!\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"channel\":\"c\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"socket_id\":\"12\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"info\":\"nonsense\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"this data is longer than the sixty-four bytes the app allows for it\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"socket_id\":\"12\",\"info\":5}",
        // shapes only the tree reads
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":{\"a\":[1,2.50],\"b\":null}}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":42}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":null}",
        "{\"name\":\"e\",\"channels\":null,\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":[\"a\",1],\"data\":\"d\"}",
        "{\"name\":\"e\",\"channels\":\"a\",\"data\":\"d\"}",
        "{\"name\":1,\"channel\":\"c\",\"data\":\"d\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"name\":\"f\"}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"x\":1,\"x\":2}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"} {}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"",
        "[\"name\"]",
        "\"text\"",
        "",
        "   ",
        "{\"name\":\"e\",}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"x\":1e9999999999}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"x\":[{\"y\":[2.50,-1E-9999999999]}]}",
        "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\",\"x\":[1.5,{\"y\":{}},[]],\"z\":true}",
    })
    void answersAsTheTreeReadDoes(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        assertThat(outcome(() -> EventBodyReader.read(bytes, APP)))
                .isEqualTo(outcome(() -> PublishRequest.ofEvent(ApiJson.readObject(bytes), APP)));
    }

    private static Object outcome(java.util.function.Supplier<PublishRequest> read) {
        try {
            PublishRequest event = read.get();
            return List.of(event.name(), event.data(), event.channels(), String.valueOf(event.socketId()), event.info());
        } catch (ApiException e) {
            return e.status().code() + " " + e.getMessage();
        } catch (RuntimeException e) {
            return e.getClass().getName() + " " + e.getMessage();
        }
    }
}
