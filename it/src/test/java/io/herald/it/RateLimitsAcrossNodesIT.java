package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.rest.Pusher;
import io.herald.testkit.TestNode;
import io.herald.testkit.base.NatsServer;
import io.herald.testkit.base.RedisServer;
import io.herald.testkit.base.ServerPerClass;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A per-app limit of backend events per second on two nodes, with a publisher spreading its calls
 * over both as fast as they answer: on Redis the cluster as a whole accepts at most the limit in
 * each second; on NATS each node takes its share (the limit over the two nodes). Over the limit:
 * 429, a JSON error and Retry-After (docs/apps.md#limits).
 */
class RateLimitsAcrossNodesIT {

    @RegisterExtension
    static final ServerPerClass<RedisServer> REDIS = new ServerPerClass<>(RedisServer::start);
    @RegisterExtension
    static final ServerPerClass<NatsServer> NATS = new ServerPerClass<>(NatsServer::start);

    private static final int LIMIT = 20;
    private static final long RUN_MILLIS = 3_500;
    private static final String EVENT = "{\"name\":\"e\",\"channels\":[\"limited\"],\"data\":\"{}\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One call: when it was sent and answered (epoch ms), to which node, and the answer. */
    private record Call(long sentAt, long answeredAt, int node, int status, String retryAfter, String body) {}

    private static TestNode node(String bus) {
        List<String> settings = new ArrayList<>(List.of("cluster.enabled=true", "cluster.bus=" + bus,
                "cluster.redis.url=" + REDIS.get().url(), "cluster.heartbeat=300", "cluster.lease=1500",
                "apps=[{id: " + TestNode.APP_ID + ", key: " + TestNode.APP_KEY + ", secret: " + TestNode.APP_SECRET
                        + ", max-backend-events-per-second: " + LIMIT + "}]"));
        if (bus.equals("nats")) {
            settings.add("cluster.nats.url=" + NATS.get().url());
        }
        return TestNode.start(settings.toArray(String[]::new));
    }

    @Test
    void holdsTheLimitForTheClusterOnRedis() {
        try (TestNode a = node("redis"); TestNode b = node("redis")) {
            List<Call> calls = publishOverBoth(a, b);

            Map<Long, Integer> surelyInSecond = new TreeMap<>();
            calls.stream().filter(call -> call.status() == 200 && call.sentAt() / 1000 == call.answeredAt() / 1000)
                    .forEach(call -> surelyInSecond.merge(call.sentAt() / 1000, 1, Integer::sum));
            assertThat(surelyInSecond.values()).as("accepted in each second, both nodes together: %s", surelyInSecond)
                    .allSatisfy(accepted -> assertThat(accepted).isLessThanOrEqualTo(LIMIT));
            long seconds = calls.getLast().answeredAt() / 1000 - calls.getFirst().sentAt() / 1000 + 1;
            assertThat(accepted(calls)).as("accepted over %d windows", seconds)
                    .isLessThanOrEqualTo(LIMIT * seconds).isGreaterThanOrEqualTo(LIMIT);
            assertSpreadAndRefused(calls);
        }
    }

    @Test
    void takesEachNodesShareOnNats() {
        try (TestNode a = node("nats"); TestNode b = node("nats")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.node().clusterNodes() == 2 && b.node().clusterNodes() == 2);

            List<Call> calls = publishOverBoth(a, b);

            double tookSeconds = (calls.getLast().answeredAt() - calls.getFirst().sentAt()) / 1000.0;
            // Each node: a full bucket of its share (half the limit) at the start, then as much a second.
            assertThat((double) accepted(calls)).as("accepted in %.1f s", tookSeconds)
                    .isLessThanOrEqualTo(LIMIT * (tookSeconds + 1)).isGreaterThanOrEqualTo(LIMIT);
            for (int node = 0; node < 2; node++) {
                int n = node;
                long onNode = calls.stream().filter(call -> call.node() == n && call.status() == 200).count();
                assertThat((double) onNode).as("node %d keeps to its share", n)
                        .isLessThanOrEqualTo(LIMIT / 2.0 * (tookSeconds + 1));
            }
            assertSpreadAndRefused(calls);
        }
    }

    private static long accepted(List<Call> calls) {
        return calls.stream().filter(call -> call.status() == 200).count();
    }

    private static void assertSpreadAndRefused(List<Call> calls) {
        assertThat(calls).as("every answer is 200 or 429").allSatisfy(call -> assertThat(call.status()).isIn(200, 429));
        assertThat(calls).filteredOn(call -> call.status() == 200).extracting(Call::node).contains(0, 1);
        Call refused = calls.stream().filter(call -> call.status() == 429).findFirst().orElseThrow();
        assertThat(refused.retryAfter()).isEqualTo("1");
        assertThat(refused.body()).contains("\"error\"", "over its limit of " + LIMIT + " backend events per second");
    }

    /** Four publishers, each sending to node a and node b in turn, each call as soon as the last is answered. */
    private static List<Call> publishOverBoth(TestNode a, TestNode b) {
        List<Pusher> signers = List.of(signer(a), signer(b));
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + RUN_MILLIS;
        ExecutorService publishers = Executors.newFixedThreadPool(4);
        for (int p = 0; p < 4; p++) {
            int first = p % 2;
            publishers.execute(() -> {
                for (int i = first; System.currentTimeMillis() < end; i++) {
                    calls.add(send(signers.get(i % 2), i % 2));
                }
            });
        }
        publishers.shutdown();
        try {
            assertThat(publishers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        for (Pusher signer : signers) {
            try {
                signer.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort((x, y) -> Long.compare(x.sentAt(), y.sentAt()));
        assertThat(sorted).as("the publisher goes well over the limit").hasSizeGreaterThan((int) (LIMIT * RUN_MILLIS / 1000 * 2));
        return sorted;
    }

    private static Pusher signer(TestNode node) {
        Pusher pusher = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
        pusher.setHost(TestNode.HOST + ":" + node.port());
        pusher.setEncrypted(false);
        return pusher;
    }

    private static Call send(Pusher signer, int node) {
        URI uri = signer.signedUri("POST", "/apps/" + TestNode.APP_ID + "/events", EVENT);
        long sentAt = System.currentTimeMillis();
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EVENT)).build(), HttpResponse.BodyHandlers.ofString());
            return new Call(sentAt, System.currentTimeMillis(), node, response.statusCode(),
                    response.headers().firstValue("Retry-After").orElse(""), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
