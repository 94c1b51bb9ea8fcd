package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.BareWebSocket;
import io.herald.testkit.RawHttp;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Slow and greedy HTTP clients, by hand on raw sockets: the whole-request deadline
 * ({@code server.request-timeout}) and the per-address limits ({@code server.per-address}).
 */
class HostileHttpIT extends NodePerTest {

    private static final String UPGRADE = "GET /app/" + TestNode.APP_KEY + "?protocol=7 HTTP/1.1\r\nHost: x\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n";

    @Test
    void answers408ToHeadersThatTrickleInAByteAtATime() throws Exception {
        start("server.request-timeout=2");
        try (RawHttp http = RawHttp.connect(node); ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor()) {
            http.send("GET /health HTTP/1.1\r\nHost: x\r\n");
            AtomicInteger trickled = new AtomicInteger();
            // One header byte every 200 ms: each byte well inside the deadline, the request never whole.
            trickle.scheduleAtFixedRate(() -> {
                try {
                    http.send("X".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    trickled.incrementAndGet();
                } catch (IOException closed) {
                    // the node closed the connection
                }
            }, 0, 200, TimeUnit.MILLISECONDS);

            RawHttp.Response response = http.readResponse();

            assertThat(response.status()).isEqualTo(408);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(trickled.get()).as("bytes trickled before the answer").isGreaterThan(5);
            assertThat(http.awaitEnd()).isTrue();
        }
        assertTimeoutsCounted(1);
    }

    @Test
    void answers408ToABodyShorterThanItsContentLength() throws Exception {
        start("server.request-timeout=2");
        try (RawHttp http = RawHttp.connect(node)) {
            http.send("POST /apps/app-id/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100\r\n\r\n{\"name\":\"e\"");

            assertThat(http.readResponse().status()).isEqualTo(408);
            assertThat(http.awaitEnd()).isTrue();
        }
    }

    @Test
    void answers408WhenAConnectionSendsNothing() throws Exception {
        start("server.request-timeout=1");
        try (RawHttp http = RawHttp.connect(node)) {
            assertThat(http.readResponse().status()).isEqualTo(408);
        }
    }

    @Test
    void givesEveryRequestOfAKeptAliveConnectionItsOwnDeadline() throws Exception {
        start("server.request-timeout=2");
        try (RawHttp http = RawHttp.connect(node)) {
            for (int i = 0; i < 3; i++) {
                http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(http.readResponse().status()).isEqualTo(200);
            }
            http.send("GET /health HTTP/1.1\r\nHost: x\r\n");
            assertThat(http.readResponse().status()).isEqualTo(408);
        }
    }

    @Test
    void doesNotHoldAWebSocketToTheRequestDeadline() throws Exception {
        start("server.request-timeout=1");
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.socketId();
            // A connection opened after the WebSocket and silent: its 408 says the WebSocket's deadline has passed too.
            try (RawHttp silent = RawHttp.connect(node)) {
                assertThat(silent.readResponse().status()).isEqualTo(408);
            }
            client.roundTrip();
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void refusesConnectionsOverThePerAddressLimitWith429() throws Exception {
        start("server.per-address.max-connections=2");
        List<BareWebSocket> open = new ArrayList<>();
        try {
            open.add(BareWebSocket.open(node, 0));
            open.add(BareWebSocket.open(node, 0));
            try (RawHttp third = RawHttp.connect(node)) {
                third.send(UPGRADE + "\r\n");
                RawHttp.Response response = third.readResponse();
                assertThat(response.status()).isEqualTo(429);
                assertThat(response.header("retry-after")).isEqualTo("10");
                assertThat(response.body()).contains("Too many connections from your address");
            }
            open.removeFirst().close();
            await().atMost(RawPusherClient.TIMEOUT).untilAsserted(() -> {
                try (BareWebSocket again = BareWebSocket.open(node, 0)) {
                    again.readUntilEvent("pusher:connection_established");
                }
            });
        } finally {
            for (BareWebSocket socket : open) {
                socket.close();
            }
        }
        assertThat(Scrapes.sum(node, "herald_address_limit_refusals_total{limit=\"max_connections\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void refusesNewConnectionsFasterThanThePerAddressRateWith429() throws Exception {
        start("server.per-address.connections-per-second=1");
        int refused = 0;
        for (int attempt = 0; attempt < 20 && refused == 0; attempt++) {
            try (RawHttp http = RawHttp.connect(node)) {
                http.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response response = http.readResponse();
                if (response.status() == 429) {
                    assertThat(response.header("retry-after")).isEqualTo("1");
                    refused++;
                } else {
                    assertThat(response.status()).isEqualTo(200);
                }
            }
        }
        assertThat(refused).as("connections refused among 20 opened back to back at 1 per second").isPositive();
        assertThat(Scrapes.sum(node, "herald_address_limit_refusals_total{limit=\"connections_per_second\"")).isPositive();
    }

    @Test
    void countsWebSocketsByTheProxysHeaderWhenConfiguredTo() throws Exception {
        start("server.per-address.max-connections=1", "server.per-address.address-header=X-Forwarded-For");
        try (RawHttp first = upgradeFrom("198.51.100.1, 203.0.113.7")) {
            assertThat(first.readResponse().status()).isEqualTo(101);
            try (RawHttp spoofed = upgradeFrom("203.0.113.9, 203.0.113.7")) {
                assertThat(spoofed.readResponse().status()).as("the right-most entry is the proxy's").isEqualTo(429);
            }
            try (RawHttp other = upgradeFrom("203.0.113.8")) {
                assertThat(other.readResponse().status()).isEqualTo(101);
            }
        }
    }

    private RawHttp upgradeFrom(String forwardedFor) throws IOException {
        RawHttp http = RawHttp.connect(node);
        http.send(UPGRADE + "X-Forwarded-For: " + forwardedFor + "\r\n\r\n");
        return http;
    }

    private void assertTimeoutsCounted(int atLeast) {
        assertThat(Scrapes.sum(node, "herald_http_request_timeouts_total")).isGreaterThanOrEqualTo(atLeast);
    }
}
