package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.WebhookReceiver;
import io.herald.webhook.QueueStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhooks end to end: a real node, its in-process sender, a real receiver, the SDK's validator. */
class WebhooksIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        receiver.close();
    }

    private void start(String... extra) {
        List<String> overrides = new ArrayList<>(List.of(
                "apps=[{id: app-id, key: app-key, secret: app-secret, webhooks: [{url: '" + receiver.url("/hooks") + "'}]}]",
                "webhooks.batch-max-wait=50", "webhooks.debounce=300"));
        overrides.addAll(List.of(extra));
        node = TestNode.start(overrides.toArray(String[]::new));
    }

    /** Every event the receiver got, as JSON objects, in arrival order. */
    private List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Recorded request : receiver.requests("/hooks")) {
            PusherFrame.parseJson(request.bodyText()).path("events").forEach(events::add);
        }
        return events;
    }

    private JsonNode awaitEvent(String name, String channel) {
        return await().atMost(WAIT).until(() -> events().stream()
                .filter(event -> event.path("name").asText().equals(name) && event.path("channel").asText().equals(channel))
                .findFirst().orElse(null), event -> event != null);
    }

    private void awaitQueueDrained() {
        await().atMost(WAIT).until(() -> {
            QueueStats stats = node.node().webhookQueue().orElseThrow().stats();
            return stats.ready() == 0 && stats.inFlight() == 0 && stats.delayed() == 0 && node.node().webhookBacklogInMemory() == 0;
        });
    }

    @Test
    void deliversSignedWebhooksThatTheOfficialSdkValidates() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribePresence("presence-room", "{\"user_id\":\"42\"}");
            client.awaitSubscribed("presence-room");
            awaitEvent("channel_occupied", "presence-room");
            JsonNode added = awaitEvent("member_added", "presence-room");
            assertThat(added.path("user_id").isTextual()).isTrue();
            assertThat(added.path("user_id").asText()).isEqualTo("42");
        }
        awaitEvent("member_removed", "presence-room");
        awaitEvent("channel_vacated", "presence-room");

        Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
        for (WebhookReceiver.Recorded request : receiver.requests("/hooks")) {
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(request.header("X-Pusher-Key")).isEqualTo(TestNode.APP_KEY);
            assertThat(request.header("X-Herald-Webhook-Id")).isNotBlank();
            assertThat(sdk.validateWebhookSignature(request.header("X-Pusher-Key"), request.header("X-Pusher-Signature"),
                    request.bodyText())).isEqualTo(Validity.VALID);
            assertThat(PusherFrame.parseJson(request.bodyText()).path("time_ms").asLong()).isPositive();
        }
        Pusher wrongSecret = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, "not-the-secret");
        WebhookReceiver.Recorded first = receiver.requests("/hooks").get(0);
        assertThat(wrongSecret.validateWebhookSignature(first.header("X-Pusher-Key"), first.header("X-Pusher-Signature"),
                first.bodyText())).isEqualTo(Validity.INVALID);
    }

    @Test
    void clientEventWebhooksCarryDataAsAStringWithTheSenderIdentity() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node)) {
            ann.subscribePresence("presence-chat", "{\"user_id\":\"ann\"}");
            ann.awaitSubscribed("presence-chat");
            ann.trigger("presence-chat", "client-typing", "{\"chars\":3}");
            JsonNode event = awaitEvent("client_event", "presence-chat");
            assertThat(event.path("event").asText()).isEqualTo("client-typing");
            assertThat(event.path("data").isTextual()).isTrue();
            assertThat(PusherFrame.parseJson(event.path("data").asText()).path("chars").asInt()).isEqualTo(3);
            assertThat(event.path("socket_id").asText()).isEqualTo(ann.socketId());
            assertThat(event.path("user_id").asText()).isEqualTo("ann");
        }
    }

    @Test
    void cacheMissAndSubscriptionCountWebhooks() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("cache-scores");
            client.awaitEvent("pusher:cache_miss", "cache-scores");
            awaitEvent("cache_miss", "cache-scores");
            JsonNode count = awaitEvent("subscription_count", "cache-scores");
            assertThat(count.path("subscription_count").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aPageReloadProducesNeitherVacatedNorOccupied() {
        start("webhooks.debounce=1000", "webhooks.batch-max-wait=2000");
        try (RawPusherClient page = RawPusherClient.connect(node)) {
            page.subscribe("room");
            page.awaitSubscribed("room");
            awaitEvent("channel_occupied", "room");
        }
        try (RawPusherClient reloaded = RawPusherClient.connect(node); RawPusherClient marker = RawPusherClient.connect(node)) {
            reloaded.subscribe("room");
            reloaded.awaitSubscribed("room");
            marker.subscribe("marker");
            marker.awaitSubscribed("marker");
            marker.unsubscribe("marker");
            // The marker's vacated is released after the room's would have been: once it has arrived
            // and the queue is empty, any webhook of the reload would have arrived too.
            awaitEvent("channel_vacated", "marker");
            awaitQueueDrained();
            assertThat(events()).filteredOn(event -> event.path("channel").asText().equals("room"))
                    .filteredOn(event -> event.path("name").asText().startsWith("channel_"))
                    .extracting(event -> event.path("name").asText())
                    .containsExactly("channel_occupied");
        }
    }

    @Test
    void usersOnlineAndOfflineForEndpointsThatAskWithTheTimeTheUserWent() {
        node = TestNode.start("apps=[{id: app-id, key: app-key, secret: app-secret, webhooks: ["
                + "{url: '" + receiver.url("/hooks") + "', event-types: [user_online, user_offline, channel_occupied]},"
                + " {url: '" + receiver.url("/channels-only") + "'}]}]", "webhooks.debounce=2000");
        try (RawPusherClient tab = RawPusherClient.connect(node)) {
            tab.signin("{\"id\":\"ann\"}");
            tab.awaitEvent("pusher:signin_success");
            await().atMost(WAIT).until(() -> userEvents("ann").size() == 1);
        }
        long wentAt;
        try (RawPusherClient reloaded = RawPusherClient.connect(node)) {
            // the page comes back within the debounce: neither user_offline nor user_online
            reloaded.signin("{\"id\":\"ann\"}");
            reloaded.awaitEvent("pusher:signin_success");
            reloaded.roundTrip();
            wentAt = System.currentTimeMillis();
        }
        JsonNode offline = await().atMost(WAIT).until(() -> userEvents("ann"), events -> events.size() == 2).get(1);
        assertThat(offline.path("name").asText()).isEqualTo("user_offline");
        assertThat(offline.has("channel")).isFalse();
        awaitQueueDrained();
        assertThat(userEvents("ann")).extracting(event -> event.path("name").asText()).containsExactly("user_online", "user_offline");
        assertThat(receiver.requests("/channels-only")).as("user events are opt-in").isEmpty();
        long timeMs = receiver.requests("/hooks").stream().map(request -> PusherFrame.parseJson(request.bodyText()))
                .filter(body -> body.path("events").get(0).path("name").asText().equals("user_offline"))
                .findFirst().orElseThrow().path("time_ms").asLong();
        assertThat(timeMs).as("when the user went, not when the debounce ended").isBetween(wentAt, wentAt + 1999);
    }

    private List<JsonNode> userEvents(String userId) {
        return events().stream().filter(event -> event.path("name").asText().startsWith("user_")
                && event.path("user_id").asText().equals(userId)).toList();
    }
}
