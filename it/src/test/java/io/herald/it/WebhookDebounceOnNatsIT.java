package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.NatsServer;
import io.herald.testkit.base.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NATS queue cannot cancel a debounced job, so the sender drops it when due if what it ends
 * is back: a channel occupied again, a member back on its presence channel, a user signed in
 * again. The return's own event is sent (nothing could cancel it); an end that stays is sent.
 */
class WebhookDebounceOnNatsIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DROPPED = "herald_webhook_debounce_dropped_at_send_total";

    private final NatsServer nats = NatsServer.start();
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final TestNode node = TestNode.start(
            "apps=[{id: app-id, key: app-key, secret: app-secret, webhooks: [{url: '" + receiver.url("/hooks")
                    + "', event-types: [channel_occupied, channel_vacated, member_added, member_removed, user_online, user_offline]}]}]",
            "webhooks.queue=nats", "webhooks.nats.url=" + nats.url(), "webhooks.debounce=1000");

    @AfterEach
    void stop() {
        node.close();
        receiver.close();
        nats.close();
    }

    @Test
    void dropsADebouncedEndWhoseChannelMemberOrUserIsBackWhenItIsDue() {
        try (RawPusherClient member = RawPusherClient.connect(node)) {
            member.subscribePresence("presence-room", "{\"user_id\":\"7\"}");
            member.awaitSubscribed("presence-room");
            member.unsubscribe("presence-room");
            int mark = member.mark();
            member.subscribePresence("presence-room", "{\"user_id\":\"7\"}");
            member.awaitFrameAfter(mark, frame -> frame.is("pusher_internal:subscription_succeeded", "presence-room"));

            signInAndLeave("42");
            try (RawPusherClient again = RawPusherClient.connect(node)) {
                again.signin("{\"id\":\"42\"}");
                again.awaitEvent("pusher:signin_success");

                await().atMost(WAIT).until(() -> Scrapes.sum(node, DROPPED) == 3);
                assertThat(names("presence-room")).as("the vacated and member_removed, dropped when due")
                        .containsOnly("channel_occupied", "member_added");
                assertThat(count("channel_occupied", "presence-room")).as("the return is sent: nothing cancelled it").isEqualTo(2);
                assertThat(count("user_online", null)).isEqualTo(2);
                assertThat(count("user_offline", null)).isZero();
            }
        }
        await().atMost(WAIT).until(() -> count("channel_vacated", "presence-room") == 1
                && count("member_removed", "presence-room") == 1 && count("user_offline", null) == 1);
        assertThat(Scrapes.sum(node, DROPPED)).as("ends that stayed are sent").isEqualTo(3);
    }

    private void signInAndLeave(String userId) {
        try (RawPusherClient user = RawPusherClient.connect(node)) {
            user.signin("{\"id\":\"" + userId + "\"}");
            user.awaitEvent("pusher:signin_success");
        }
    }

    private List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Recorded request : receiver.requests("/hooks")) {
            PusherFrame.parseJson(request.bodyText()).path("events").forEach(events::add);
        }
        return events;
    }

    private List<String> names(String channel) {
        return events().stream().filter(event -> channel.equals(event.path("channel").asText()))
                .map(event -> event.path("name").asText()).toList();
    }

    private long count(String name, String channel) {
        return events().stream().filter(event -> name.equals(event.path("name").asText())
                && (channel == null || channel.equals(event.path("channel").asText()))).count();
    }
}
