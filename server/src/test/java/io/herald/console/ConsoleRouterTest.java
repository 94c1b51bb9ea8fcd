package io.herald.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.admin.AdminApi;
import io.herald.app.StaticAppRegistry;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.herald.debug.DebugTap;
import io.herald.metrics.RecentUsage;
import io.herald.transport.MetricsRouter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console's login, sessions, CSRF check and pages, over an {@link EmbeddedChannel}, with the apps of the configuration. */
class ConsoleRouterTest {

    private static final String ADMIN = "admin-token-0123456789";
    private static final String READER = "read-token-0123456789";

    private record Reply(int status, String body, HttpHeaders headers) {}

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final DebugTap tap = new DebugTap("node-a", clock::get);
    private final RecentUsage usage = new RecentUsage(clock::get);
    private final EmbeddedChannel channel;

    ConsoleRouterTest() {
        HeraldConfig config = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "admin.admin-tokens={ops: " + ADMIN + "}", "admin.read-tokens={viewer: " + READER + "}",
                "admin.console.session-timeout=60000", "admin.console.debug-events-per-second=5",
                "admin.console.debug-buffer=10")));
        StaticAppRegistry apps = new StaticAppRegistry(config.apps());
        AdminApi admin = new AdminApi(config.admin(), config.webhooks().endpointDefaults(), apps, id -> 0, id -> { },
                Runnable::run, Clock.systemUTC());
        ConsoleCalls calls = new ConsoleCalls(apps, null, tap, (app, body, loop) -> CompletableFuture.completedFuture(null),
                error -> null, app -> List.of(new NodeOverview("node-a", new SimpleMeterRegistry(), usage, () -> true, clock::get,
                        () -> 6001, false).describe(app == null ? Set.of() : Set.of(app))), config.admin().console());
        channel = new EmbeddedChannel(new MetricsRouter(() -> "", () -> true,
                new ConsoleRouter(admin, config.admin().console(), calls, false, clock::get)));
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private Reply send(HttpMethod method, String uri, String body, String... headers) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(bytes));
        request.headers().set(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        for (int i = 0; i < headers.length; i += 2) {
            request.headers().set(headers[i], headers[i + 1]);
        }
        channel.writeInbound(request);
        channel.runPendingTasks();
        FullHttpResponse response = channel.readOutbound();
        try {
            return new Reply(response.status().code(), response.content().toString(StandardCharsets.UTF_8), response.headers());
        } finally {
            response.release();
        }
    }

    /** Logs in and returns the cookie header and the CSRF token. */
    private String[] logIn(String token) {
        Reply login = send(HttpMethod.POST, "/console/login", "{\"token\": \"" + token + "\"}");
        assertThat(login.status()).isEqualTo(200);
        String cookie = login.headers().get(HttpHeaderNames.SET_COOKIE).split(";")[0];
        String csrf = login.body().replaceAll(".*\"csrf\":\"([^\"]+)\".*", "$1");
        return new String[] {cookie, csrf};
    }

    @Test
    void servesThePageWithAPolicyThatAllowsOnlyItsOwnScripts() {
        Reply page = send(HttpMethod.GET, "/console/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/html");
        assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'");
        assertThat(page.body()).contains("/console/assets/console.js");
        assertThat(send(HttpMethod.GET, "/console/assets/uPlot.esm.js", null).status()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/console/assets/..%2Fconsole.js", null).status()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, "/console/assets/no-such.js", null).status()).isEqualTo(404);
    }

    @Test
    void refusesAnUnknownTokenWithoutASession() {
        Reply refused = send(HttpMethod.POST, "/console/login", "{\"token\": \"not-a-token-of-this-node\"}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.headers().contains(HttpHeaderNames.SET_COOKIE)).isFalse();
        assertThat(send(HttpMethod.POST, "/console/login", "not json").status()).isEqualTo(400);
    }

    @Test
    void aLoginSetsAnHttpOnlyStrictCookieOfARandomSession() {
        Reply login = send(HttpMethod.POST, "/console/login", "{\"token\": \"" + ADMIN + "\"}");
        String cookie = login.headers().get(HttpHeaderNames.SET_COOKIE);
        assertThat(cookie).startsWith("herald_console=").contains("HTTPOnly", "SameSite=Strict", "Path=/console");
        assertThat(cookie).doesNotContain(ADMIN);
        String[] other = logIn(ADMIN);
        assertThat(other[0]).isNotEqualTo(cookie.split(";")[0]);
        Reply session = send(HttpMethod.GET, "/console/session", null, "Cookie", other[0]);
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.body()).contains("\"name\":\"ops\"", "\"may_change\":true");
    }

    @Test
    void answersNoDataWithoutASession() {
        assertThat(send(HttpMethod.GET, "/console/api/apps", null).status()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/console/api/apps", null, "Cookie", "herald_console=made-up").status()).isEqualTo(401);
        assertThat(send(HttpMethod.GET, "/console/api/overview", null).status()).isEqualTo(401);
    }

    @Test
    void aChangeNeedsTheSessionsCsrfToken() {
        String[] session = logIn(ADMIN);
        assertThat(send(HttpMethod.POST, "/console/api/apps/app-id/disable", null, "Cookie", session[0]).status())
                .isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/console/api/apps/app-id/disable", null, "Cookie", session[0],
                ConsoleRouter.CSRF_HEADER, "wrong").status()).isEqualTo(403);
        // Past the check, the admin API answers: apps of the configuration are changed there (409).
        assertThat(send(HttpMethod.POST, "/console/api/apps/app-id/disable", null, "Cookie", session[0],
                ConsoleRouter.CSRF_HEADER, session[1]).status()).isEqualTo(409);
    }

    @Test
    void aReadTokenSeesAppsButNeverASecret() {
        String[] session = logIn(READER);
        Reply apps = send(HttpMethod.GET, "/console/api/apps", null, "Cookie", session[0]);
        assertThat(apps.status()).isEqualTo(200);
        assertThat(apps.body()).contains("\"id\":\"app-id\"").doesNotContain("app-secret");
        assertThat(send(HttpMethod.GET, "/console/api/apps/app-id/secret", null, "Cookie", session[0]).status())
                .isEqualTo(403);
        assertThat(send(HttpMethod.POST, "/console/api/apps/app-id/events", "{}", "Cookie", session[0],
                ConsoleRouter.CSRF_HEADER, session[1]).status()).isEqualTo(403);
        String[] admin = logIn(ADMIN);
        Reply secret = send(HttpMethod.GET, "/console/api/apps/app-id/secret", null, "Cookie", admin[0]);
        assertThat(secret.body()).contains("\"secret\":\"app-secret\"");
    }

    @Test
    void logoutEndsTheSessionOnTheServer() {
        String[] session = logIn(ADMIN);
        Reply out = send(HttpMethod.POST, "/console/logout", null, "Cookie", session[0], ConsoleRouter.CSRF_HEADER, session[1]);
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.headers().get(HttpHeaderNames.SET_COOKIE)).contains("Max-Age=0");
        assertThat(send(HttpMethod.GET, "/console/session", null, "Cookie", session[0]).status()).isEqualTo(401);
    }

    @Test
    void aSessionEndsWhenUnusedForItsTimeoutAndUseKeepsItAlive() {
        String[] session = logIn(ADMIN);
        clock.addAndGet(50_000);
        assertThat(send(HttpMethod.GET, "/console/session", null, "Cookie", session[0]).status()).isEqualTo(200);
        clock.addAndGet(50_000);
        assertThat(send(HttpMethod.GET, "/console/session", null, "Cookie", session[0]).status()).isEqualTo(200);
        clock.addAndGet(60_000);
        assertThat(send(HttpMethod.GET, "/console/session", null, "Cookie", session[0]).status()).isEqualTo(401);
    }

    /** Opens the debug stream of app-id and returns its first event. */
    private String openStream(String cookie) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/console/api/apps/app-id/debug");
        request.headers().set("Cookie", cookie);
        channel.writeInbound(request);
        channel.runPendingTasks();
        HttpResponse head = channel.readOutbound();
        assertThat(head.status().code()).isEqualTo(200);
        assertThat(head.headers().get(HttpHeaderNames.CONTENT_TYPE)).startsWith("text/event-stream");
        return nextChunk();
    }

    private String nextChunk() {
        HttpContent chunk = channel.readOutbound();
        try {
            return chunk == null ? null : chunk.content().toString(StandardCharsets.UTF_8);
        } finally {
            if (chunk != null) {
                chunk.release();
            }
        }
    }

    private void flushStream() {
        channel.advanceTimeBy(250, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
    }

    @Test
    void theDebugStreamSendsAtMostItsRateAndMarksWhatItLeftOut() {
        assertThat(openStream(logIn(READER)[0])).contains("\"type\":\"watching\"", "\"max_per_second\":5");
        assertThat(tap.watched("app-id")).isTrue();
        for (int i = 0; i < 8; i++) {
            tap.emit("app-id", DebugTap.event("api_message").put("n", i));
        }
        flushStream();
        assertThat(nextChunk().split("\n\n")).hasSize(5);
        clock.addAndGet(1_000);
        flushStream();
        assertThat(nextChunk()).contains("\"type\":\"sampled\"", "\"left_out\":3");
    }

    @Test
    void aConsoleThatFallsBehindIsCutOffAndTheAppIsWatchedNoMore() {
        openStream(logIn(READER)[0]);
        for (int second = 0; second < 3; second++) {
            for (int i = 0; i < 5; i++) {
                tap.emit("app-id", DebugTap.event("api_message"));
            }
            clock.addAndGet(1_000);
        }
        assertThat(tap.watched("app-id")).isTrue();
        flushStream();
        assertThat(nextChunk()).contains("\"type\":\"cut_off\"", "did not keep up");
        assertThat(tap.watched("app-id")).as("nothing is produced for a console that is gone").isFalse();
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void leavesTheAdminApiAndOtherPathsAlone() {
        assertThat(send(HttpMethod.GET, "/admin/apps", null, "Authorization", "Bearer " + READER).status()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, "/elsewhere", null).status()).isEqualTo(404);
    }

    @Test
    void limitsFailedLoginsPerAddressWithRetryAfter() {
        for (int i = 0; i < 5; i++) {
            assertThat(send(HttpMethod.POST, "/console/login", "{\"token\": \"guess-" + i + "\"}").status()).isEqualTo(401);
        }
        Reply limited = send(HttpMethod.POST, "/console/login", "{\"token\": \"" + ADMIN + "\"}");
        assertThat(limited.status()).as("even a good token, until the minute is over").isEqualTo(429);
        assertThat(limited.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("60");
        clock.addAndGet(60_000);
        logIn(ADMIN);
    }

    @Test
    void theUsageCallSumsTheAppsLastHour() {
        usage.add("app-id", RecentUsage.Kind.MESSAGES_SENT, 3);
        usage.add("app-id", RecentUsage.Kind.EVENTS_PUBLISHED, 1);
        usage.add("app-id", RecentUsage.Kind.CONNECTION_MILLIS, 1500);
        String[] session = logIn(READER);
        Reply reply = send(HttpMethod.GET, "/console/api/apps/app-id/usage", null, "Cookie", session[0]);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("\"nodes\":1", "\"messages_sent\":3.0", "\"events_published\":1.0",
                "\"connection_seconds\":1.5");
        assertThat(send(HttpMethod.GET, "/console/api/apps/no-such-app/usage", null, "Cookie", session[0]).status())
                .isEqualTo(404);
    }
}
