package io.herald.bench.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.herald.testkit.TestNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The publisher against a real node: answers, refusals and an address nobody listens on are each counted as what they are. */
class PublisherIT {

    private static TestNode node;

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void everyCallDueIsSentAndAcceptedOverKeptAliveConnections() throws Exception {
        try (Publisher publisher = new Publisher(settings(URI.create(node.httpBase()), TestNode.APP_SECRET, 4))) {
            publisher.start();
            publisher.startMeasuring();
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.measured().acceptedRequests() >= 40);
            publisher.stop(Duration.ofSeconds(10));

            PublishStats measured = publisher.measured();
            assertThat(measured.failures()).isEmpty();
            assertThat(measured.acceptedRequests()).isEqualTo(measured.requests());
            assertThat(measured.eventsAccepted()).isEqualTo(measured.acceptedRequests() * 4);
            assertThat(measured.responseMicros().getTotalCount()).isEqualTo(measured.acceptedRequests());
            long perChannel = 0;
            for (int channel = 0; channel < 3; channel++) {
                perChannel += measured.acceptedOn(channel);
            }
            assertThat(perChannel).isEqualTo(measured.eventsAccepted());
        }
    }

    @Test
    void aWrongSecretIsCountedAsRefusedCallsWithTheNodesAnswer() throws Exception {
        try (Publisher publisher = new Publisher(settings(URI.create(node.httpBase()), "not-the-secret", 1))) {
            publisher.start();
            publisher.startMeasuring();
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.measured().failures().getOrDefault("HTTP 401", 0L) >= 5);
            publisher.stop(Duration.ofSeconds(10));

            PublishStats measured = publisher.measured();
            assertThat(measured.acceptedRequests()).isZero();
            assertThat(measured.eventsAccepted()).isZero();
            assertThat(measured.failures()).containsOnlyKeys("HTTP 401");
            assertThat(measured.failures().get("HTTP 401")).isEqualTo(measured.requests());
            assertThat(measured.firstRejection()).startsWith("HTTP 401: ").contains("signature");
        }
    }

    @Test
    void anAddressNobodyListensOnFailsEachCallWithoutHangingTheStop() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Publisher publisher = new Publisher(settings(URI.create("http://127.0.0.1:" + closedPort), TestNode.APP_SECRET, 1))) {
            publisher.start();
            publisher.startMeasuring();
            await().atMost(Duration.ofSeconds(20)).until(() -> failures(publisher.measured()) >= 5);
            long started = System.nanoTime();
            publisher.stop(Duration.ofSeconds(10));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            PublishStats measured = publisher.measured();
            assertThat(measured.acceptedRequests()).isZero();
            assertThat(failures(measured)).isEqualTo(measured.requests());
            assertThat(measured.failures().keySet()).allSatisfy(cause -> assertThat(cause).containsIgnoringCase("refused"));
        }
    }

    @Test
    void refusesAnApiUrlThatIsNotHttp() {
        assertThatThrownBy(() -> new Publisher(settings(URI.create("ws://127.0.0.1:1"), "s", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> new Publisher(settings(URI.create("http:///apps"), "s", 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no host");
    }

    @Test
    void reachesANodeThroughAnIpv6Literal() throws Exception {
        assumeTrue(ipv6LoopbackAvailable(), "this machine has no IPv6 loopback address");
        TestNode ipv6 = TestNode.start("server.host=::1");
        try (Publisher publisher = new Publisher(settings(URI.create("http://[::1]:" + ipv6.port()), TestNode.APP_SECRET, 1))) {
            publisher.start();
            publisher.startMeasuring();
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.measured().acceptedRequests() >= 3);
            publisher.stop(Duration.ofSeconds(10));

            assertThat(publisher.measured().failures()).isEmpty();
        } finally {
            ipv6.close();
        }
    }

    @Test
    void callsThatCannotConnectGoToTheNextNodeWithTheirSequenceNumbers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Publisher.Settings toAClosedPort = settings(URI.create("http://127.0.0.1:" + closedPort), TestNode.APP_SECRET, 1);
        Publisher.Settings withTheNodeNext = new Publisher.Settings(toAClosedPort.apiBase(), toAClosedPort.appId(),
                toAClosedPort.key(), toAClosedPort.secret(), toAClosedPort.channels(), toAClosedPort.channelPrefix(),
                toAClosedPort.eventsPerSecond(), toAClosedPort.batch(), toAClosedPort.payloadBytes(), toAClosedPort.maxInFlight(),
                toAClosedPort.requestTimeout(), List.of(URI.create(node.httpBase())));
        try (Publisher publisher = new Publisher(withTheNodeNext)) {
            publisher.start();
            publisher.startMeasuring();
            await().atMost(Duration.ofSeconds(20)).until(() -> publisher.measured().acceptedRequests() >= 10);
            publisher.stop(Duration.ofSeconds(10));

            assertThat(publisher.measured().failures()).as("no call lost to the closed port").isEmpty();
            assertThat(publisher.measured().acceptedRequests()).isEqualTo(publisher.measured().requests());
        }
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("::1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long failures(PublishStats stats) {
        return stats.failures().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Publisher.Settings settings(URI api, String secret, int batch) throws IOException {
        return new Publisher.Settings(api, TestNode.APP_ID, TestNode.APP_KEY, secret, 3, "publisher-it-",
                100.0 * batch, batch, 50, 8, Duration.ofSeconds(5));
    }
}
