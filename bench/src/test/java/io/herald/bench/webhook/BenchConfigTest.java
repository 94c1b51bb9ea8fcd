package io.herald.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.app.AppConfig;
import io.herald.app.WebhookEndpoint;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.webhook.WebhookEventType;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The node configuration shipped for the webhooks scenario matches the scenario's defaults. */
class BenchConfigTest {

    @Test
    void sendsEveryClientEventOfTheBenchAppToTheDefaultReceiver() {
        HeraldConfig config = new ConfigLoader().load(new ConfigSources(Optional.of(Path.of("config", "webhooks-bench.yaml")),
                Map.of(), List.of()));

        assertThat(config.apps()).hasSize(1);
        AppConfig app = config.apps().get(0);
        assertThat(app.key()).isEqualTo("bench-key");
        assertThat(app.clientEvents()).isTrue();
        assertThat(app.clientEventsPerSecond()).isZero();
        assertThat(app.webhooks()).hasSize(1);
        WebhookEndpoint endpoint = app.webhooks().get(0);
        assertThat(endpoint.url()).isEqualTo("http://127.0.0.1:9700/webhooks");
        assertThat(endpoint.wants(WebhookEventType.CLIENT_EVENT, "private-bench-0")).isTrue();
        assertThat(endpoint.wants(WebhookEventType.CHANNEL_OCCUPIED, "private-bench-0")).isFalse();
    }
}
