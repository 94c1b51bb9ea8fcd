package io.herald.it;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.base.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The webhooks every node of a cluster posts to one receiver, read as events. Because each node
 * sends one request at a time to the endpoint, in queue order, a webhook a node queued now arrives
 * after everything it had queued before: {@link #awaitFlushed} uses that to know that a duplicate,
 * had any node queued one, would have arrived by then.
 */
final class ClusterWebhooks {

    static final String PATH = "/hooks";
    static final Duration WAIT = Duration.ofSeconds(20);

    private final WebhookReceiver receiver;

    ClusterWebhooks(WebhookReceiver receiver) {
        this.receiver = receiver;
    }

    /** Every event received so far, in arrival order. */
    List<JsonNode> events() {
        List<JsonNode> events = new ArrayList<>();
        for (WebhookReceiver.Recorded request : receiver.requests(PATH)) {
            PusherFrame.parseJson(request.bodyText()).path("events").forEach(events::add);
        }
        return events;
    }

    /** How many {@code name} events arrived for {@code channel}. */
    long count(String name, String channel) {
        return events().stream().filter(event -> matches(event, name, channel)).count();
    }

    /** How many {@code name} events arrived for {@code userId} in {@code channel} (member_added, member_removed). */
    long count(String name, String channel, String userId) {
        return events().stream()
                .filter(event -> matches(event, name, channel) && userId.equals(event.path("user_id").asText()))
                .count();
    }

    void awaitEvent(String name, String channel) {
        await(name + " webhook for " + channel + " (got " + events() + ")").atMost(WAIT)
                .until(() -> count(name, channel) > 0);
    }

    void awaitEvent(String name, String channel, String userId) {
        await(name + " webhook for " + userId + " in " + channel + " (got " + events() + ")").atMost(WAIT)
                .until(() -> count(name, channel, userId) > 0);
    }

    /**
     * Makes each node queue a webhook of its own (channel_occupied of a channel nobody else uses)
     * and waits until all of them arrived: by then each node has sent every webhook it queued before.
     */
    void awaitFlushed(List<ClusterNode> nodes) {
        List<String> markers = new ArrayList<>();
        List<RawPusherClient> clients = new ArrayList<>();
        try {
            for (ClusterNode node : nodes) {
                String marker = "flush-" + node.name() + "-" + UUID.randomUUID();
                RawPusherClient client = node.connect();
                clients.add(client);
                client.subscribe(marker);
                markers.add(marker);
            }
            for (String marker : markers) {
                awaitEvent("channel_occupied", marker);
            }
        } finally {
            clients.forEach(RawPusherClient::close);
        }
    }

    private static boolean matches(JsonNode event, String name, String channel) {
        return name.equals(event.path("name").asText()) && channel.equals(event.path("channel").asText());
    }
}
