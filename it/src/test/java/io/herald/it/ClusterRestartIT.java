package io.herald.it;

import static io.herald.it.ClusterChecks.assertJson;
import static io.herald.it.ClusterChecks.assertSubscriptionCount;
import static io.herald.it.ClusterChecks.joinPrivate;
import static io.herald.it.ClusterChecks.joinPublic;
import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.RawPusherClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The cluster outlives a restart of what it shares, with no node restarted: Redis coming back
 * empty (every node re-asserts its part of the state) and NATS coming back (every node subscribes
 * again). Prints how long each took to recover.
 */
class ClusterRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(20);

    @Test
    void recoversDeliveryPresenceAndCountsAfterRedisRestartsEmpty() {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterRestartIT", HeraldCluster.BusEngine.REDIS, 3)) {
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode c = cluster.node(2);
            String news = unique("news");
            String room = unique("presence-room");
            try (RawPusherClient newsOnA = a.connect();
                    RawPusherClient newsOnC = c.connect();
                    RawPusherClient annOnA = a.connect();
                    RawPusherClient bobOnB = b.connect()) {
                joinPublic(news, newsOnA, newsOnC);
                annOnA.subscribePresence(room, "{\"user_id\":\"ann\"}");
                bobOnB.subscribePresence(room, "{\"user_id\":\"bob\"}");
                annOnA.awaitSubscribed(room);
                bobOnB.awaitSubscribed(room);
                awaitDelivered(b, news, "before", newsOnA, newsOnC);

                long restartedAt = System.nanoTime();
                cluster.redis().restartEmpty();

                cluster.explainingFailure(() -> awaitDelivered(b, news, "after", newsOnA, newsOnC));
                long deliveryMs = millisSince(restartedAt);
                cluster.explainingFailure(() -> await("presence and counts restored in the API of C").atMost(RECOVERY)
                        .ignoreExceptions().untilAsserted(() -> {
                            assertThat(userIds(c.api().get("/channels/" + room + "/users", Map.of()))).containsExactlyInAnyOrder("ann", "bob");
                            assertJson(c.api().get("/channels/" + room, Map.of("info", "user_count,subscription_count")),
                                    "{\"occupied\":true,\"user_count\":2,\"subscription_count\":2}");
                            assertSubscriptionCount(c, news, 2);
                        }));
                long stateMs = millisSince(restartedAt);
                System.out.printf("cluster redis restart (empty): delivery across nodes again after %d ms, presence and counts after %d ms%n",
                        deliveryMs, stateMs);

                cluster.awaitConnected();
                for (RawPusherClient client : List.of(newsOnA, newsOnC, annOnA, bobOnB)) {
                    assertThat(client.isClosed()).as("clients stay connected while Redis is away").isFalse();
                }
                try (RawPusherClient carolOnC = c.connect()) {
                    carolOnC.subscribePresence(room, "{\"user_id\":\"carol\"}");
                    JsonNode roster = carolOnC.awaitSubscribed(room).dataJson().path("presence");
                    assertThat(roster.path("ids")).extracting(JsonNode::textValue).containsExactlyInAnyOrder("ann", "bob", "carol");
                    annOnA.awaitFrame(frame -> frame.is("pusher_internal:member_added", room) && frame.dataJson().path("user_id").asText().equals("carol"));
                }
                bobOnB.awaitFrame(frame -> frame.is("pusher_internal:member_removed", room) && frame.dataJson().path("user_id").asText().equals("carol"));
            }
        }
    }

    @Test
    void resumesDeliveryAcrossNodesAfterNatsRestarts() {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterRestartIT", HeraldCluster.BusEngine.NATS, 3)) {
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode c = cluster.node(2);
            String news = unique("news");
            String chat = unique("private-chat");
            try (RawPusherClient newsOnA = a.connect(); RawPusherClient newsOnC = c.connect()) {
                joinPublic(news, newsOnA, newsOnC);
                joinPrivate(chat, newsOnA, newsOnC);
                awaitDelivered(b, news, "before", newsOnA, newsOnC);

                long restartedAt = System.nanoTime();
                cluster.nats().kill();
                cluster.nats().restart();

                awaitDelivered(b, news, "after", newsOnA, newsOnC);
                System.out.printf("cluster nats restart: delivery across nodes again after %d ms%n", millisSince(restartedAt));
                cluster.awaitConnected();

                newsOnA.trigger(chat, "client-typing", "{\"who\":\"a\"}");
                newsOnC.awaitEvent("client-typing", chat);
                String later = unique("later");
                try (RawPusherClient laterOnC = c.connect()) {
                    joinPublic(later, laterOnC);
                    a.api().trigger(later, "headline", Map.of("n", 1));
                    laterOnC.awaitEvent("headline", later);
                }
            }
        }
    }

    /**
     * Publishes a new {@code event} through {@code publisher}'s API every poll until every receiver
     * got at least one: publishes while the bus is away are lost, not queued.
     */
    private static void awaitDelivered(ClusterNode publisher, String channel, String event, RawPusherClient... receivers) {
        AtomicInteger published = new AtomicInteger();
        await(event + " on " + channel + " from " + publisher + " at every receiver").atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    publisher.api().sdk().trigger(channel, event, Map.of("n", published.incrementAndGet()));
                    return Stream.of(receivers).allMatch(receiver -> !receiver.framesMatching(frame -> frame.is(event, channel)).isEmpty());
                });
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }
}
