package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.ApiFixture.Reply;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing, authentication, CORS and the HTTP exchange itself. */
class ApiRequestHandlerTest {

    private static final String EVENT = "{\"name\":\"my-event\",\"channel\":\"my-channel\",\"data\":\"hello\"}";

    private ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void answersAPublishWithExactlyAnEmptyJsonObject() {
        Reply reply = api.post("/apps/app-id/events", EVENT);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{}");
        assertThat(reply.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(reply.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(2);
    }

    @Test
    void rejectsABadSignatureWith401() {
        FullHttpRequest request = ApiFixture.signedRequest(HttpMethod.POST, "/apps/app-id/events", "/apps/app-id/events", Map.of(),
                EVENT, ApiFixture.KEY, "not-the-secret", ApiFixture.NOW);

        Reply reply = api.send(request);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).startsWith("{\"error\":\"Invalid signature: you should have sent HmacSHA256Hex(\\\"POST\\n/apps/app-id/events\\n")
                .doesNotContain(ApiFixture.SECRET);
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void rejectsAStaleTimestampWith401() {
        FullHttpRequest request = ApiFixture.signedRequest(HttpMethod.POST, "/apps/app-id/events", "/apps/app-id/events", Map.of(),
                EVENT, ApiFixture.KEY, ApiFixture.SECRET, ApiFixture.NOW - 600);

        Reply reply = api.send(request);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).isEqualTo("{\"error\":\"Timestamp expired: Given timestamp (1699999400) not within 600s of server time (1700000000)\"}");
    }

    @Test
    void rejectsATamperedBodyWith401() {
        FullHttpRequest signed = api.signedRequest(HttpMethod.POST, "/apps/app-id/events", Map.of(), EVENT);
        FullHttpRequest tampered = ApiFixture.request(HttpMethod.POST, signed.uri(),
                EVENT.replace("hello", "HELLO").getBytes(StandardCharsets.UTF_8));
        signed.release();

        Reply reply = api.send(tampered);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body()).contains("Invalid body_md5");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void rejectsAnotherAppsKeyWith401() {
        FullHttpRequest request = ApiFixture.signedRequest(HttpMethod.GET, "/apps/app-id/channels", "/apps/app-id/channels", Map.of(),
                null, "dormant-key", "dormant-secret", ApiFixture.NOW);

        assertThat(api.send(request)).extracting(Reply::status, Reply::body).containsExactly(401, "{\"error\":\"Unknown auth_key\"}");
    }

    @Test
    void rejectsAnUnsignedRequestWith401() {
        Reply reply = api.send(ApiFixture.request(HttpMethod.GET, "/apps/app-id/channels", new byte[0]));

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(401, "{\"error\":\"Missing parameter auth_key\"}");
    }

    @Test
    void answersAnUnknownAppWith404() {
        Reply reply = api.get("/apps/nobody/channels");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(404, "{\"error\":\"Unknown app id 'nobody'\"}");
    }

    @Test
    void answersADisabledAppWith403() {
        FullHttpRequest request = ApiFixture.signedRequest(HttpMethod.POST, "/apps/dormant/events", "/apps/dormant/events", Map.of(),
                EVENT, "dormant-key", "dormant-secret", ApiFixture.NOW);

        Reply reply = api.send(request);

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(403, "{\"error\":\"App 'dormant' is disabled\"}");
        assertThat(api.hub.published).isEmpty();
    }

    @Test
    void answersAnUnknownPathWith404() {
        assertThat(api.get("/apps/app-id/nothing-here").status()).isEqualTo(404);
        assertThat(api.get("/apps/app-id/channels/c/members").status()).isEqualTo(404);
        assertThat(api.get("/apps/app-id").status()).isEqualTo(404);
    }

    @Test
    void answersTheWrongMethodWith405NamingTheRightOne() {
        Reply reply = api.get("/apps/app-id/events");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.headers().get(HttpHeaderNames.ALLOW)).isEqualTo("POST");
        assertThat(reply.body()).isEqualTo("{\"error\":\"Method GET is not allowed here; use POST\"}");
    }

    @Test
    void answersAPreflightWith204AndTheRequestedHeaders() {
        FullHttpRequest preflight = ApiFixture.request(HttpMethod.OPTIONS, "/apps/app-id/events", new byte[0]);
        preflight.headers().set(HttpHeaderNames.ORIGIN, "https://app.example");
        preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_REQUEST_METHOD, "POST");
        preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-requested-with");

        Reply reply = api.send(preflight);

        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
        assertThat(reply.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
        assertThat(reply.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS)).isEqualTo("GET, POST, OPTIONS");
        assertThat(reply.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS)).isEqualTo("content-type, x-requested-with");
        assertThat(reply.headers().get(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE)).isEqualTo("86400");
    }

    @Test
    void allowsContentTypeWhenAPreflightNamesNoHeaders() {
        Reply reply = api.send(ApiFixture.request(HttpMethod.OPTIONS, "/apps/app-id/channels", new byte[0]));

        assertThat(reply.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS)).isEqualTo("Content-Type");
    }

    @Test
    void allowsAnyOriginOnAnswersAndErrorsByDefault() {
        assertThat(api.post("/apps/app-id/events", EVENT).headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
        assertThat(api.get("/apps/nobody/channels").headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("*");
    }

    @Test
    void echoesOnlyAListedOrigin() {
        api.close();
        api = new ApiFixture("server.cors-origins=[\"https://app.example\"]");
        FullHttpRequest listed = api.signedRequest(HttpMethod.GET, "/apps/app-id/channels", Map.of(), null);
        listed.headers().set(HttpHeaderNames.ORIGIN, "https://app.example");
        FullHttpRequest other = api.signedRequest(HttpMethod.GET, "/apps/app-id/channels", Map.of(), null);
        other.headers().set(HttpHeaderNames.ORIGIN, "https://evil.example");

        Reply allowed = api.send(listed);
        Reply refused = api.send(other);

        assertThat(allowed.headers().get(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isEqualTo("https://app.example");
        assertThat(allowed.headers().get(HttpHeaderNames.VARY)).isEqualTo("origin");
        assertThat(refused.headers().contains(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN)).isFalse();
    }

    @Test
    void servesUnderThePathPrefixSignedWithOrWithoutIt() {
        api.close();
        api = new ApiFixture("server.path-prefix=/pusher");
        for (String signedPath : new String[] {"/apps/app-id/events", "/pusher/apps/app-id/events"}) {
            FullHttpRequest request = ApiFixture.signedRequest(HttpMethod.POST, "/pusher/apps/app-id/events", signedPath, Map.of(),
                    EVENT, ApiFixture.KEY, ApiFixture.SECRET, ApiFixture.NOW);
            assertThat(api.send(request).status()).isEqualTo(200);
        }
        assertThat(api.hub.published).hasSize(2);
        assertThat(api.post("/apps/app-id/events", EVENT).status()).isEqualTo(404);
    }

    @Test
    void decodesPercentEncodedChannelNamesInThePath() {
        api.hub.presenceUsers.put("presence-a@b", java.util.List.of("7"));

        Reply reply = api.get("/apps/app-id/channels/presence-a%40b/users");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(200, "{\"users\":[{\"id\":\"7\"}]}");
    }

    @Test
    void keepsTheConnectionOpenForKeepAliveRequests() {
        api.post("/apps/app-id/events", EVENT);
        api.post("/apps/app-id/events", EVENT);

        assertThat(api.channel.isOpen()).isTrue();
        assertThat(api.hub.published).hasSize(2);
    }

    @Test
    void closesTheConnectionAfterAnsweringWhenAskedTo() {
        FullHttpRequest request = api.signedRequest(HttpMethod.POST, "/apps/app-id/events", Map.of(), EVENT);
        request.headers().set(HttpHeaderNames.CONNECTION, "close");

        Reply reply = api.send(request);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.headers().get(HttpHeaderNames.CONNECTION)).isEqualTo("close");
        assertThat(api.channel.isOpen()).isFalse();
    }

    @Test
    void answersAFailureInsideTheNodeWith500AndStaysUp() {
        api.hub.failure = new IllegalStateException("boom");

        Reply failed = api.post("/apps/app-id/events", EVENT);
        api.hub.failure = null;
        Reply next = api.post("/apps/app-id/events", EVENT);

        assertThat(failed).extracting(Reply::status, Reply::body).containsExactly(500, "{\"error\":\"Internal server error\"}");
        assertThat(next.status()).isEqualTo(200);
    }

    @Test
    void answersPipelinedRequestsInOrderWhenAnEarlierAnswerWaitsForTheCluster() {
        api.hub.answersReleased = new java.util.concurrent.CompletableFuture<>();
        api.hub.stats.put("news", new io.herald.channel.ChannelHub.ChannelStats(3, 0));

        api.channel.writeInbound(api.signedRequest(HttpMethod.GET, "/apps/app-id/channels", Map.of(), null));
        api.channel.writeInbound(api.signedRequest(HttpMethod.POST, "/apps/app-id/events", Map.of(), EVENT));
        api.channel.runPendingTasks();
        assertThat((Object) api.channel.readOutbound()).as("nothing before the first answer is ready").isNull();

        api.hub.answersReleased.complete(null);
        api.channel.runPendingTasks();

        assertThat(api.readReply()).extracting(Reply::status, Reply::body)
                .containsExactly(200, "{\"channels\":{\"news\":{}}}");
        assertThat(api.readReply()).extracting(Reply::status, Reply::body).containsExactly(200, "{}");
    }

    @Test
    void answers503WhenTheClusterStateCannotAnswer() {
        api.hub.answersReleased = java.util.concurrent.CompletableFuture.failedFuture(
                new ClusterUnavailableException("The cluster state is unreachable; retry", null, 1));

        api.channel.writeInbound(api.signedRequest(HttpMethod.GET, "/apps/app-id/channels/news", Map.of(), null));
        api.channel.runPendingTasks();

        Reply reply = api.readReply();
        assertThat(reply).extracting(Reply::status, Reply::body)
                .containsExactly(503, "{\"error\":\"The cluster state is unreachable; retry\"}");
        assertThat(reply.headers().get("retry-after")).isEqualTo("1");
    }

    @Test
    void countsEveryRequestByAppEndpointAndStatus() {
        api.post("/apps/app-id/events", EVENT);
        api.get("/apps/nobody/channels");
        api.get("/apps/app-id/nothing-here");

        String scrape = api.metrics.scrape();
        assertThat(scrape).contains("herald_api_requests_total{app=\"app-id\",endpoint=\"events\",status=\"200\"} 1.0")
                .contains("herald_api_requests_total{app=\"unknown\",endpoint=\"channels\",status=\"404\"} 1.0")
                .contains("herald_api_requests_total{app=\"app-id\",endpoint=\"not_found\",status=\"404\"} 1.0");
    }
}
