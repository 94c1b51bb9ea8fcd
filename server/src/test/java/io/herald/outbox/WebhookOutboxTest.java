package io.herald.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.app.AppConfig;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookEvent;
import io.herald.webhook.WebhookQueue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against the real embedded queue: debounce, batching, filters, nothing lost on close. */
class WebhookOutboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OutboxMetrics NO_METRICS = new OutboxMetrics(new SimpleMeterRegistry());

    @TempDir
    Path dir;
    private WebhookQueue queue;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> urls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void openQueue() {
        queue = new SqliteWebhookQueue(dir);
    }

    @AfterEach
    void closeQueue() {
        queue.close();
    }

    private static AppConfig app(String webhooks) {
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: a1, key: k1, secret: s1, webhooks: " + webhooks + "}]"))).apps().get(0);
    }

    private WebhookOutbox outbox(int batchMaxEvents, long batchWait, long debounce) {
        return new WebhookOutbox(queue, NO_METRICS, batchMaxEvents, batchWait, debounce, System::currentTimeMillis);
    }

    /** Takes every queued job, remembering its body and endpoint. */
    private List<JsonNode> drain() {
        List<LeasedJob> jobs = queue.lease(WebhookQueue.Lane.FIRST, 1000, Duration.ofSeconds(30));
        for (LeasedJob job : jobs) {
            try {
                bodies.add(JSON.readTree(job.job().body()));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            urls.add(job.job().endpointUrl());
            queue.complete(job);
        }
        return bodies;
    }

    private List<String> eventNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode body : bodies) {
            body.get("events").forEach(event -> names.add(event.get("name").asText() + ":" + event.get("channel").asText()));
        }
        return names;
    }

    @Test
    void batchesUpToTheMaximumNumberOfEvents() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(20, 60_000, 0)) {
            for (int i = 0; i < 45; i++) {
                outbox.emit(app, WebhookEvent.channelOccupied("c" + i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> drain().size() >= 2);
            assertThat(bodies).allSatisfy(body -> assertThat(body.get("events")).hasSize(20));
            assertThat(bodies.get(0).get("time_ms").asLong()).isPositive();
        }
        drain();
        assertThat(bodies).hasSize(3);
        assertThat(bodies.get(2).get("events")).hasSize(5);
    }

    @Test
    void sendsAPartialBatchWhenItsWaitEnds() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(20, 100, 0)) {
            outbox.emit(app, WebhookEvent.memberAdded("presence-x", "7"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
            assertThat(bodies.get(0).get("events").get(0).get("user_id").asText()).isEqualTo("7");
        }
    }

    @Test
    void aQuickReloadProducesNeitherVacatedNorOccupied() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(1, 0, 60_000)) {
            outbox.emit(app, WebhookEvent.channelOccupied("room"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            outbox.emit(app, WebhookEvent.memberRemoved("presence-room", "1"));
            outbox.emit(app, WebhookEvent.channelOccupied("room"));
            outbox.emit(app, WebhookEvent.memberAdded("presence-room", "1"));
            outbox.emit(app, WebhookEvent.channelOccupied("other"));
            await().atMost(Duration.ofSeconds(10)).until(() -> drain().size() >= 2);
        }
        drain();
        assertThat(eventNames()).containsExactly("channel_occupied:room", "channel_occupied:other");
    }

    @Test
    void sendsVacatedOnceTheDebounceEnds() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(1, 0, 200)) {
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
        }
        assertThat(eventNames()).containsExactly("channel_vacated:room");
    }

    @Test
    void closeQueuesEverythingHeldInMemory() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        WebhookOutbox outbox = outbox(20, 60_000, 60_000);
        outbox.emit(app, WebhookEvent.channelVacated("debounced"));
        outbox.emit(app, WebhookEvent.channelOccupied("batched"));
        await().atMost(Duration.ofSeconds(10)).until(() -> outbox.heldInMemory() == 2);
        outbox.close();
        drain();
        assertThat(eventNames()).containsExactlyInAnyOrder("channel_vacated:debounced", "channel_occupied:batched");
    }

    @Test
    void eachEndpointGetsOnlyTheEventsAndChannelsItAsksFor() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/presence', event-types: [member_added]},"
                + " {url: 'http://127.0.0.1:9/private', channel-prefix: private-, channel-suffix: -log}]");
        try (WebhookOutbox outbox = outbox(1, 0, 0)) {
            outbox.emit(app, WebhookEvent.memberAdded("presence-x", "1"));
            outbox.emit(app, WebhookEvent.channelOccupied("private-a-log"));
            outbox.emit(app, WebhookEvent.channelOccupied("private-a"));
            outbox.emit(app, WebhookEvent.channelOccupied("public-log"));
            await().atMost(Duration.ofSeconds(10)).until(() -> drain().size() >= 2);
        }
        drain();
        assertThat(urls).containsExactlyInAnyOrder("http://127.0.0.1:9/presence", "http://127.0.0.1:9/private");
        assertThat(eventNames()).containsExactlyInAnyOrder("member_added:presence-x", "channel_occupied:private-a-log");
    }

    @Test
    void manyCacheMissesOfOneChannelInABatchBecomeOne() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(20, 100, 0)) {
            for (int i = 0; i < 5; i++) {
                outbox.emit(app, WebhookEvent.cacheMiss("cache-x"));
            }
            outbox.emit(app, WebhookEvent.cacheMiss("cache-y"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
        }
        assertThat(eventNames()).containsExactly("cache_miss:cache-x", "cache_miss:cache-y");
    }

    @Test
    void appsWithoutEndpointsQueueNothing() {
        AppConfig app = app("[]");
        try (WebhookOutbox outbox = outbox(1, 0, 0)) {
            outbox.emit(app, WebhookEvent.channelOccupied("c"));
            assertThat(outbox.heldInMemory()).isZero();
        }
        assertThat(drain()).isEmpty();
    }
}
