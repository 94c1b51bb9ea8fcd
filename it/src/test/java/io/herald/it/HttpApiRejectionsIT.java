package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.rest.Pusher;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad requests to a real node's HTTP API, sent with java.net.http and signed by pusher-http-java's
 * own signer: each gets its HTTP status and a JSON {@code {"error":…}} body.
 */
class HttpApiRejectionsIT {

    private static final String EVENT = "{\"name\":\"e\",\"channels\":[\"c\"],\"data\":\"d\"}";

    private static TestNode node;
    private static Pusher signer;
    private static HttpClient http;

    /** A response as the test sees it. */
    record Answer(int status, String body, java.net.http.HttpHeaders headers) {}

    @BeforeAll
    static void startNode() {
        node = TestNode.start("apps=[{id: app-id, key: app-key, secret: app-secret},"
                + " {id: dormant, key: dormant-key, secret: dormant-secret, enabled: false}]");
        signer = signer(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stopNode() throws Exception {
        signer.close();
        http.close();
        node.close();
    }

    @Test
    void rejectsABadSignature() throws Exception {
        try (Pusher wrongSecret = signer(TestNode.APP_ID, TestNode.APP_KEY, "not-the-secret")) {
            Answer answer = post(wrongSecret, "/apps/app-id/events", EVENT);

            assertError(answer, 401, "Invalid signature: you should have sent HmacSHA256Hex(");
            assertThat(answer.body()).doesNotContain(TestNode.APP_SECRET);
        }
    }

    @Test
    void rejectsAStaleTimestamp() {
        URI signed = signer.signedUri("POST", "/apps/app-id/events", EVENT);
        long stale = System.currentTimeMillis() / 1000 - 700;
        URI replayed = URI.create(signed.toString().replaceFirst("auth_timestamp=\\d+", "auth_timestamp=" + stale));

        assertError(send(HttpRequest.newBuilder(replayed).POST(HttpRequest.BodyPublishers.ofString(EVENT))), 401,
                "Timestamp expired: Given timestamp (" + stale + ") not within 600s of server time");
    }

    @Test
    void rejectsATamperedBody() {
        URI signed = signer.signedUri("POST", "/apps/app-id/events", EVENT);
        String tampered = EVENT.replace("\"d\"", "\"forged\"");

        assertError(send(HttpRequest.newBuilder(signed).POST(HttpRequest.BodyPublishers.ofString(tampered))), 401, "Invalid body_md5");
    }

    @Test
    void rejectsMalformedJson() {
        assertError(post(signer, "/apps/app-id/events", "{\"name\":"), 400, "Request body is not valid JSON");
    }

    @Test
    void saysWhatIsWrongWithMalformedJsonInItsOwnWords() {
        Answer answer = post(signer, "/apps/app-id/events", "{\"name\": 'e'}");

        assertError(answer, 400, "Request body is not valid JSON (line 1, column 10)");
        assertThat(answer.body()).doesNotContain("Unexpected", "expecting", "token", "Source", "REDACTED");
    }

    @Test
    void refusesASignatureInUpperCaseHexAsChannelAuthorizationDoes() {
        URI signed = signer.signedUri("POST", "/apps/app-id/events", EVENT);
        java.util.regex.Matcher signature = java.util.regex.Pattern.compile("auth_signature=([0-9a-f]{64})").matcher(signed.toString());
        assertThat(signature.find()).isTrue();
        URI upperCase = URI.create(signed.toString().replace(signature.group(1), signature.group(1).toUpperCase(java.util.Locale.ROOT)));

        assertError(send(HttpRequest.newBuilder(upperCase).POST(HttpRequest.BodyPublishers.ofString(EVENT))), 401, "Invalid signature");
    }

    @Test
    void rejectsDataOverTheEventSizeLimitWith413() {
        String body = "{\"name\":\"e\",\"channels\":[\"c\"],\"data\":\"" + "x".repeat(11 * 1024) + "\"}";

        assertError(post(signer, "/apps/app-id/events", body), 413, "Event data is 11264 bytes, more than the limit of 10240 bytes");
    }

    @Test
    void answersAnUnknownAppWith404() {
        assertError(post(signer, "/apps/nobody/events", EVENT), 404, "Unknown app id 'nobody'");
    }

    @Test
    void answersADisabledAppWith403() throws Exception {
        try (Pusher dormant = signer("dormant", "dormant-key", "dormant-secret")) {
            assertError(post(dormant, "/apps/dormant/events", EVENT), 403, "App 'dormant' is disabled");
        }
    }

    @Test
    void rejectsInvalidChannelNames() {
        assertError(post(signer, "/apps/app-id/events", "{\"name\":\"e\",\"channels\":[\"a b\"],\"data\":\"d\"}"), 400,
                "Invalid channel name 'a b'");
        assertError(post(signer, "/apps/app-id/events", "{\"name\":\"e\",\"channels\":[\"#a\"],\"data\":\"d\"}"), 400,
                "Channel names starting with # are reserved");
    }

    @Test
    void rejectsTooManyChannels() {
        String channels = IntStream.range(0, 101).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(","));

        assertError(post(signer, "/apps/app-id/events", "{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"d\"}"), 400,
                "Too many channels: 101 given, at most 100 per event");
    }

    @Test
    void rejectsABatchOverTheLimit() {
        String events = IntStream.range(0, 11).mapToObj(i -> "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"d\"}")
                .collect(Collectors.joining(","));

        assertError(post(signer, "/apps/app-id/batch_events", "{\"batch\":[" + events + "]}"), 400,
                "Batch too large: 11 events given, at most 10 per request");
    }

    @Test
    void rejectsProtocolEventNames() {
        assertError(post(signer, "/apps/app-id/events", "{\"name\":\"pusher:subscribe\",\"channels\":[\"c\"],\"data\":\"d\"}"), 400,
                "Event name 'pusher:subscribe' is reserved");
    }

    @Test
    void rejectsUserCountForChannelsThatAreNoPresenceChannels() {
        assertError(get("/apps/app-id/channels/news", Map.of("info", "user_count")), 400, "user_count is only available for presence channels");
        assertError(get("/apps/app-id/channels", Map.of("info", "user_count")), 400, "info=user_count is only allowed with filter_by_prefix=presence-");
        assertError(get("/apps/app-id/channels/news/users", Map.of()), 400, "Users can only be listed for presence channels");
    }

    @Test
    void answersUnknownPathsWith404AndWrongMethodsWith405() {
        assertError(get("/apps/app-id/nothing", Map.of()), 404, "is no HTTP API endpoint");
        Answer wrongMethod = get("/apps/app-id/events", Map.of());
        assertError(wrongMethod, 405, "Method GET is not allowed here; use POST");
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("POST");
    }

    @Test
    void answersACorsPreflight() {
        Answer answer = send(HttpRequest.newBuilder(URI.create(node.httpBase() + "/apps/app-id/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type"));

        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.headers().firstValue("access-control-allow-origin")).hasValue("*");
        assertThat(answer.headers().firstValue("access-control-allow-methods")).hasValue("GET, POST, OPTIONS");
        assertThat(answer.headers().firstValue("access-control-allow-headers")).hasValue("content-type");
    }

    private static Pusher signer(String appId, String key, String secret) {
        Pusher pusher = new Pusher(appId, key, secret);
        pusher.setHost(TestNode.HOST + ":" + node.port());
        return pusher;
    }

    private static Answer post(Pusher signer, String path, String body) {
        return send(HttpRequest.newBuilder(signer.signedUri("POST", path, body))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static Answer get(String path, Map<String, String> params) {
        return send(HttpRequest.newBuilder(signer.signedUri("GET", path, null, params)).GET());
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static void assertError(Answer answer, int status, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(answer.body()).startsWith("{\"error\":\"").contains(message);
    }
}
