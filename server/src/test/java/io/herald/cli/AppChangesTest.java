package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AppChangesTest {

    @Test
    void readsEachValueAsYamlAndUnsetsAsNull() {
        String body = AppChanges.body(List.of("max-connections=1000", "client-events=false",
                "allowed-origins=[https://shop.example, 'https://b.example']", "key = shop-key-2"),
                List.of("max-backend-events-per-second"));

        assertThat(body).isEqualTo("{\"max-connections\":1000,\"client-events\":false,"
                + "\"allowed-origins\":[\"https://shop.example\",\"https://b.example\"],\"key\":\"shop-key-2\","
                + "\"max-backend-events-per-second\":null}");
    }

    @Test
    void namesTheOptionThatIsNotKeyEqualsValue() {
        assertThatThrownBy(() -> AppChanges.body(List.of("=5"), List.of())).hasMessageContaining("expected KEY=VALUE");
        assertThatThrownBy(() -> AppChanges.body(List.of("webhooks=[{url: "), List.of()))
                .hasMessageContaining("--set webhooks: not valid YAML");
    }
}
