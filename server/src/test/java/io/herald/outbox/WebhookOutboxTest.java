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

/**
 * The outbox against the real embedded queue: every event durable once {@link WebhookOutbox#durable()}
 * completes, debounced events as delayed jobs that a return cancels, filters, user events.
 */
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

    private WebhookOutbox outbox(int batchMaxEvents, long debounce) {
        return new WebhookOutbox(queue, NO_METRICS, batchMaxEvents, debounce, System::currentTimeMillis);
    }

    private static void awaitDurable(WebhookOutbox outbox) {
        outbox.durable().toCompletableFuture().join();
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
            body.get("events").forEach(event -> names.add(event.get("name").asText() + ":"
                    + (event.has("channel") ? event.get("channel").asText() : event.get("user_id").asText())));
        }
        return names;
    }

    @Test
    void everyEventIsQueuedOnceDurableCompletes() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(20, 0)) {
            for (int i = 0; i < 45; i++) {
                outbox.emit(app, WebhookEvent.channelOccupied("c" + i));
            }
            awaitDurable(outbox);
            assertThat(outbox.heldInMemory()).isZero();
            drain();
        }
        assertThat(eventNames()).hasSize(45);
        assertThat(bodies).allSatisfy(body -> {
            assertThat(body.get("events").size()).isBetween(1, 20);
            assertThat(body.get("time_ms").asLong()).isPositive();
        });
    }

    @Test
    void durableCompletesAtOnceWhenNothingIsPending() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(20, 0)) {
            assertThat(outbox.durable().toCompletableFuture()).isDone();
            outbox.emit(app, WebhookEvent.memberAdded("presence-x", "7"));
            awaitDurable(outbox);
            await().atMost(Duration.ofSeconds(10)).until(() -> outbox.durable().toCompletableFuture().isDone());
            drain();
        }
        assertThat(bodies.get(0).get("events").get(0).get("user_id").asText()).isEqualTo("7");
    }

    @Test
    void aDebouncedEventIsQueuedAtOnceButDueOnlyAfterTheDebounce() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(1, 60_000)) {
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            awaitDurable(outbox);
            assertThat(outbox.heldInMemory()).isZero();
            assertThat(queue.stats().delayed()).isEqualTo(1);
            assertThat(drain()).isEmpty();
        }
        assertThat(queue.stats().delayed()).as("still queued after close").isEqualTo(1);
    }

    @Test
    void aQuickReloadProducesNeitherVacatedNorOccupied() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(1, 60_000)) {
            outbox.emit(app, WebhookEvent.channelOccupied("room"));
            outbox.emit(app, WebhookEvent.memberAdded("presence-room", "1"));
            awaitDurable(outbox);
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            outbox.emit(app, WebhookEvent.memberRemoved("presence-room", "1"));
            awaitDurable(outbox);
            assertThat(queue.stats().delayed()).as("both written, due later").isEqualTo(2);
            outbox.emit(app, WebhookEvent.channelOccupied("room"));
            outbox.emit(app, WebhookEvent.memberAdded("presence-room", "1"));
            outbox.emit(app, WebhookEvent.channelOccupied("other"));
            awaitDurable(outbox);
            drain();
        }
        assertThat(queue.stats().delayed()).as("the returns cancelled them").isZero();
        assertThat(eventNames()).containsExactlyInAnyOrder("channel_occupied:room", "member_added:presence-room",
                "channel_occupied:other");
    }

    @Test
    void aDebouncedEventCarriesTheTimeItHappenedAndIsSentWhenDue() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        long before = System.currentTimeMillis();
        try (WebhookOutbox outbox = outbox(1, 300)) {
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            long after = System.currentTimeMillis();
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
            assertThat(bodies.get(0).get("time_ms").asLong()).isBetween(before, after);
        }
        assertThat(eventNames()).containsExactly("channel_vacated:room");
    }

    @Test
    void aReturnAfterTheDebounceIsSentWithTheEventItFollows() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/hook'}]");
        try (WebhookOutbox outbox = outbox(1, 100)) {
            outbox.emit(app, WebhookEvent.channelVacated("room"));
            await().atMost(Duration.ofSeconds(10)).until(() -> !drain().isEmpty());
            outbox.emit(app, WebhookEvent.channelOccupied("room"));
            awaitDurable(outbox);
            drain();
        }
        assertThat(eventNames()).containsExactly("channel_vacated:room", "channel_occupied:room");
    }

    @Test
    void usersOnlineAndOfflineGoOnlyToEndpointsThatAskAndAreDebounced() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/users', event-types: [user_online, user_offline], channel-prefix: presence-},"
                + " {url: 'http://127.0.0.1:9/default'}]");
        try (WebhookOutbox outbox = outbox(20, 60_000)) {
            outbox.emit(app, WebhookEvent.userOnline("42"));
            outbox.emit(app, WebhookEvent.userOnline("43"));
            awaitDurable(outbox);
            outbox.emit(app, WebhookEvent.userOffline("42"));
            outbox.emit(app, WebhookEvent.userOffline("43"));
            awaitDurable(outbox);
            outbox.emit(app, WebhookEvent.userOnline("42"));
            awaitDurable(outbox);
            drain();
        }
        assertThat(urls).containsOnly("http://127.0.0.1:9/users");
        assertThat(eventNames()).containsExactlyInAnyOrder("user_online:42", "user_online:43");
        assertThat(bodies.get(0).get("events").get(0).has("channel")).isFalse();
        assertThat(queue.stats().delayed()).as("43 stays offline, due after the debounce").isEqualTo(1);
    }

    @Test
    void eachEndpointGetsOnlyTheEventsAndChannelsItAsksFor() {
        AppConfig app = app("[{url: 'http://127.0.0.1:9/presence', event-types: [member_added]},"
                + " {url: 'http://127.0.0.1:9/private', channel-prefix: private-, channel-suffix: -log}]");
        try (WebhookOutbox outbox = outbox(1, 0)) {
            outbox.emit(app, WebhookEvent.memberAdded("presence-x", "1"));
            outbox.emit(app, WebhookEvent.channelOccupied("private-a-log"));
            outbox.emit(app, WebhookEvent.channelOccupied("private-a"));
            outbox.emit(app, WebhookEvent.channelOccupied("public-log"));
            awaitDurable(outbox);
            drain();
        }
        assertThat(urls).containsExactlyInAnyOrder("http://127.0.0.1:9/presence", "http://127.0.0.1:9/private");
        assertThat(eventNames()).containsExactlyInAnyOrder("member_added:presence-x", "channel_occupied:private-a-log");
    }

    @Test
    void appsWithoutEndpointsQueueNothing() {
        AppConfig app = app("[]");
        try (WebhookOutbox outbox = outbox(1, 0)) {
            outbox.emit(app, WebhookEvent.channelOccupied("c"));
            assertThat(outbox.heldInMemory()).isZero();
            assertThat(outbox.durable().toCompletableFuture()).isDone();
        }
        assertThat(drain()).isEmpty();
    }
}
