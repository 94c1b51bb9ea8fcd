package io.herald.it;

import static io.herald.it.ClusterChecks.assertJson;
import static io.herald.it.ClusterChecks.assertSubscriptionCount;
import static io.herald.it.ClusterChecks.joinPresence;
import static io.herald.it.ClusterChecks.joinPrivate;
import static io.herald.it.ClusterChecks.joinPublic;
import static io.herald.it.ClusterChecks.unique;
import static io.herald.it.ClusterChecks.userIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The cluster outlives a restart of what it shares, with no node restarted: Redis coming back
 * empty (every node re-asserts its part of the state) and NATS coming back (every node subscribes
 * again). Prints how long each took to recover.
 */
class ClusterRestartIT {

    private static final Duration RECOVERY = Duration.ofSeconds(20);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = HeraldCluster.BusEngine.class, names = {"REDIS", "REDIS_CLUSTER"})
    void recoversDeliveryPresenceAndCountsAfterRedisRestartsEmpty(HeraldCluster.BusEngine engine) {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterRestartIT", engine, 3)) {
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
                cluster.restartRedisEmpty();

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
                System.out.printf("cluster redis restart (empty, %s): delivery across nodes again after %d ms, presence and counts after %d ms%n",
                        engine.name().toLowerCase(), deliveryMs, stateMs);

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

    /**
     * Redis comes back empty while members sit on every node and one of them leaves during the
     * outage: the members who never left are not announced again, to clients or webhooks, nor are
     * the channels that never emptied; the one who left is announced once; and the API answers
     * with the whole list or 503 with Retry-After, never a partial list. Prints the counts.
     */
    @Test
    void announcesOnlyWhatChangedWhenRedisRestartsEmpty() throws Exception {
        try (HeraldCluster cluster = HeraldCluster.start("ClusterRestartIT", HeraldCluster.BusEngine.REDIS, 3)) {
            ClusterNode a = cluster.node(0);
            ClusterNode b = cluster.node(1);
            ClusterNode c = cluster.node(2);
            String room = unique("presence-room");
            String news = unique("news");
            String lonely = unique("lonely");
            try (RawPusherClient annOnA = a.connect();
                    RawPusherClient lonelyOnB = b.connect();
                    RawPusherClient bobOnB = b.connect();
                    RawPusherClient carolOnC = c.connect();
                    RawPusherClient daveOnA = a.connect();
                    RawPusherClient newsOnA = a.connect();
                    RawPusherClient newsOnC = c.connect()) {
                List<RawPusherClient> stay = List.of(annOnA, bobOnB, carolOnC);
                joinPresence(room, "{\"user_id\":\"ann\"}", annOnA);
                joinPresence(room, "{\"user_id\":\"bob\"}", bobOnB);
                joinPresence(room, "{\"user_id\":\"carol\"}", carolOnC);
                joinPresence(room, "{\"user_id\":\"dave\"}", daveOnA);
                joinPublic(news, newsOnA, newsOnC);
                joinPublic(lonely, lonelyOnB);
                annOnA.awaitFrame(frame -> isMemberEvent(frame, "pusher_internal:member_added", room, "dave"));
                bobOnB.awaitFrame(frame -> isMemberEvent(frame, "pusher_internal:member_added", room, "dave"));
                carolOnC.awaitFrame(frame -> isMemberEvent(frame, "pusher_internal:member_added", room, "dave"));
                cluster.webhooks().awaitFlushed(cluster.nodes());
                long addedBefore = stay.stream().mapToLong(client -> memberEvents(client, "pusher_internal:member_added", room)).sum();
                long addedHooksBefore = cluster.webhooks().count("member_added", room);
                long occupiedHooksBefore = cluster.webhooks().count("channel_occupied", room) + cluster.webhooks().count("channel_occupied", news);

                double failuresBefore = a.metric("herald_cluster_state_failures_total").stream().mapToDouble(Double::doubleValue).sum();
                double failuresOfBBefore = b.metric("herald_cluster_state_failures_total").stream().mapToDouble(Double::doubleValue).sum();
                cluster.redis().kill();
                daveOnA.close();
                lonelyOnB.close();
                await("node B failed to record the end of the lonely channel's subscription").atMost(RECOVERY).until(() ->
                        b.metric("herald_cluster_state_failures_total").stream().mapToDouble(Double::doubleValue).sum() > failuresOfBBefore);
                await("node A failed to record dave's leave while Redis is away").atMost(RECOVERY).until(() ->
                        a.metric("herald_cluster_state_failures_total").stream().mapToDouble(Double::doubleValue).sum() > failuresBefore);
                cluster.redis().restartEmpty();

                List<String> answers = new java.util.ArrayList<>();
                cluster.explainingFailure(() -> await("the API of C lists ann, bob and carol again").atMost(RECOVERY)
                        .pollInterval(Duration.ofMillis(50)).until(() -> {
                            String answer = usersAnswer(c, room);
                            answers.add(answer);
                            return isWholeList(answer);
                        }));
                try {
                    await("dave's departure announced").atMost(RECOVERY).until(() -> cluster.webhooks().count("member_removed", room, "dave") > 0
                            && cluster.webhooks().count("channel_vacated", lonely) > 0
                            && stay.stream().allMatch(client -> !client.framesMatching(
                                    frame -> isMemberEvent(frame, "pusher_internal:member_removed", room, "dave")).isEmpty()));
                } catch (ConditionTimeoutException notAnnounced) {
                    // Counted below.
                }
                cluster.webhooks().awaitFlushed(cluster.nodes());
                for (ClusterNode publisher : cluster.nodes()) {
                    String fence = "fence-" + publisher.name();
                    publisher.api().trigger(room, fence, Map.of());
                    stay.forEach(client -> client.awaitEvent(fence, room));
                }

                long addedAfter = stay.stream().mapToLong(client -> memberEvents(client, "pusher_internal:member_added", room)).sum()
                        - addedBefore;
                long removedAfter = stay.stream().mapToLong(client -> memberEvents(client, "pusher_internal:member_removed", room)).sum();
                long addedHooksAfter = cluster.webhooks().count("member_added", room) - addedHooksBefore;
                long occupiedHooksAfter = cluster.webhooks().count("channel_occupied", room) + cluster.webhooks().count("channel_occupied", news)
                        - occupiedHooksBefore;
                long removedHooks = cluster.webhooks().count("member_removed", room, "dave");
                long vacatedHooks = cluster.webhooks().count("channel_vacated", lonely);
                long partial = answers.stream().filter(answer -> !isWholeList(answer) && !answer.startsWith("503 retry-after")).count();
                Map<String, Long> answerKinds = answers.stream().map(answer -> isWholeList(answer) ? "200 whole"
                        : answer.startsWith("200 ") ? "200 partial" : answer.substring(0, Math.max(3, answer.indexOf(' ', 4))))
                        .collect(java.util.stream.Collectors.groupingBy(answer -> answer, java.util.stream.Collectors.counting()));
                System.out.printf("cluster redis restart (empty) with 3 members staying and 1 leaving during the outage: member_added"
                        + " to the 3 clients %d, member_removed to them %d; webhooks member_added %d, channel_occupied %d,"
                        + " member_removed %d, channel_vacated of the channel emptied meanwhile %d; API answers while recovering: %s%n",
                        addedAfter, removedAfter, addedHooksAfter, occupiedHooksAfter, removedHooks, vacatedHooks, answerKinds);

                assertThat(addedAfter).as("member_added to clients for members who never left").isZero();
                assertThat(removedAfter).as("member_removed of dave, once per client").isEqualTo(3);
                assertThat(addedHooksAfter).as("member_added webhooks for members who never left").isZero();
                assertThat(occupiedHooksAfter).as("channel_occupied webhooks for channels that never emptied").isZero();
                assertThat(removedHooks).as("member_removed webhook of dave").isEqualTo(1);
                assertThat(vacatedHooks).as("channel_vacated webhook of the channel emptied during the outage").isEqualTo(1);
                assertThat(partial).as("API answers other than the whole list or 503 with Retry-After: " + answers).isZero();
            }
        }
    }

    private static boolean isWholeList(String answer) {
        return answer.startsWith("200 ") && userIds(answer.substring(4)).stream().sorted().toList().equals(List.of("ann", "bob", "carol"));
    }

    private static boolean isMemberEvent(PusherFrame frame, String event, String room, String userId) {
        return frame.is(event, room) && frame.dataJson().path("user_id").asText().equals(userId);
    }

    private static long memberEvents(RawPusherClient client, String event, String room) {
        return client.framesMatching(frame -> frame.is(event, room)).size();
    }

    /**
     * {@code GET /channels/{room}/users} on {@code node}, as "STATUS BODY", or "503 retry-after=N BODY"
     * when it says to come back later with a Retry-After.
     */
    private static String usersAnswer(ClusterNode node, String room) throws Exception {
        URI uri = node.api().sdk().signedUri("GET", "/apps/" + TestNode.APP_ID + "/channels/" + room + "/users", null, Map.of());
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 503 && response.headers().firstValue("retry-after").isPresent()) {
            return "503 retry-after=" + response.headers().firstValue("retry-after").get() + " " + response.body();
        }
        return response.statusCode() + " " + response.body();
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
