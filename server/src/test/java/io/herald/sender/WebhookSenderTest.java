package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Validity;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.app.StaticAppRegistry;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.WebhooksConfig;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.testkit.base.WebhookReceiver;
import io.herald.testkit.base.WebhookReceiver.Behaviour;
import io.herald.testkit.base.WebhookReceiver.Recorded;
import io.herald.webhook.DeadJob;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender against the real SQLite queue and a real HTTP receiver. */
class WebhookSenderTest {

    private static final String APP_ID = "app-1";
    private static final String KEY = "app-key-1";
    private static final String SECRET = "app-secret-1";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SenderMetrics metrics = new SenderMetrics(registry);
    private AppRegistry apps = appWithEndpoints("[]");
    private WebhookReceiver receiver;
    private WebhookQueue queue;

    @BeforeEach
    void start() {
        receiver = track(WebhookReceiver.start());
        queue = track(new SqliteWebhookQueue(dataDir));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    /** The test app, with its {@code webhooks} list written in YAML. */
    private static AppRegistry appWithEndpoints(String webhooks) {
        return new StaticAppRegistry(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "apps=[{id: " + APP_ID + ", key: " + KEY + ", secret: " + SECRET + ", webhooks: " + webhooks + "}]"))).apps());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    /** Small numbers so that retries, windows and breakers play out in well under a second. */
    private static WebhooksConfig.Sender settings() {
        return SenderSettings.small().build();
    }

    private WebhookSender sender(WebhooksConfig.Sender settings) {
        return track(WebhookSender.start(queue, apps, settings, metrics));
    }

    private WebhookJob enqueue(String path) {
        return enqueue(APP_ID, receiver.url(path));
    }

    private WebhookJob enqueue(String app, String url) {
        WebhookJob job = job(app, url);
        queue.enqueue(List.of(job));
        return job;
    }

    private static WebhookJob job(String app, String url) {
        long now = System.currentTimeMillis();
        return new WebhookJob(UUID.randomUUID().toString(), app, url,
                "{\"time_ms\":" + now + ",\"events\":[{\"name\":\"channel_occupied\",\"channel\":\"caf\u00e9\"}]}", now);
    }

    private DeadJob awaitDeadLetter(WebhookJob job) {
        return await().atMost(WAIT).until(() -> queue.deadLetters(100).stream()
                .filter(dead -> dead.job().id().equals(job.id())).findFirst(), Optional::isPresent).get();
    }

    private void awaitQueueEmpty() {
        await().atMost(WAIT).until(() -> {
            var stats = queue.stats();
            return stats.ready() + stats.delayed() + stats.inFlight() == 0;
        });
    }

    private double metric(String series) {
        return registry.scrape().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }

    @Test
    void deliversTheExactBodyWithPusherHeadersThatPusherHttpJavaValidates() {
        sender(settings());
        WebhookJob job = enqueue("/hook");

        Recorded request = receiver.awaitRequests("/hook", 1, WAIT).get(0);

        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.bodyText()).isEqualTo(job.body());
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("X-Pusher-Key")).isEqualTo(KEY);
        assertThat(request.header("X-Herald-Webhook-Id")).isEqualTo(job.id());
        Pusher pusher = new Pusher(APP_ID, KEY, SECRET);
        assertThat(pusher.validateWebhookSignature(request.header("X-Pusher-Key"), request.header("X-Pusher-Signature"),
                request.bodyText())).isEqualTo(Validity.VALID);
        assertThat(new Pusher(APP_ID, KEY, "another-secret").validateWebhookSignature(request.header("X-Pusher-Key"),
                request.header("X-Pusher-Signature"), request.bodyText())).isEqualTo(Validity.INVALID);
        awaitQueueEmpty();
        assertThat(queue.deadLetters(10)).isEmpty();
    }

    @Test
    void sendsTheEndpointsHeadersAndStandardWebhooksSignature() throws Exception {
        String whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        apps = appWithEndpoints("[{url: '" + receiver.url("/std") + "', headers: {Authorization: Bearer t0ken, "
                + "X-Pusher-Key: forged}, standard-webhooks-secret: " + whsec + "}]");
        sender(settings());
        WebhookJob job = enqueue("/std");

        Recorded request = receiver.awaitRequests("/std", 1, WAIT).get(0);

        assertThat(request.header("Authorization")).isEqualTo("Bearer t0ken");
        assertThat(request.headers().get("X-Pusher-Key")).containsExactly(KEY);
        assertThat(request.header("webhook-id")).isEqualTo(job.id());
        new com.standardwebhooks.Webhook(whsec).verify(request.bodyText(), Map.of(
                "webhook-id", List.of(request.header("webhook-id")),
                "webhook-timestamp", List.of(request.header("webhook-timestamp")),
                "webhook-signature", List.of(request.header("webhook-signature"))));
    }

    @Test
    void retriesAServerErrorThenSucceedsWithTheSameWebhookId() {
        receiver.on("/flaky", Behaviour.failTimes(2, 500));
        sender(settings());
        WebhookJob job = enqueue("/flaky");

        List<Recorded> requests = receiver.awaitRequests("/flaky", 3, WAIT);

        assertThat(requests).extracting(r -> r.header("X-Herald-Webhook-Id")).containsOnly(job.id());
        assertThat(requests).extracting(Recorded::bodyText).containsOnly(job.body());
        awaitQueueEmpty();
        assertThat(queue.deadLetters(10)).isEmpty();
        assertThat(metric("herald_webhook_attempts_total{app=\"app-1\",outcome=\"5xx\"}")).isEqualTo(2.0);
        assertThat(metric("herald_webhook_attempts_total{app=\"app-1\",outcome=\"2xx\"}")).isEqualTo(1.0);
        assertThat(metric("herald_webhook_end_to_end_seconds_count")).isEqualTo(1.0);
        assertThat(metric("herald_webhook_first_attempt_lag_seconds_count")).isEqualTo(1.0);
    }

    @Test
    void deadLettersWithTheLastErrorWhenTheRetryWindowIsOver() {
        receiver.on("/down", Behaviour.status(503));
        sender(SenderSettings.small().retryWindow(400).build());
        WebhookJob job = enqueue("/down");

        DeadJob dead = awaitDeadLetter(job);

        assertThat(dead.lastError()).contains("HTTP 503");
        assertThat(receiver.requests("/down")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(metric("herald_webhook_dead_lettered_total{app=\"app-1\",reason=\"window\"}")).isEqualTo(1.0);
    }

    @Test
    void countsARedirectAsAFailureAndDoesNotFollowIt() {
        receiver.on("/moved", Behaviour.redirect(302, receiver.url("/elsewhere")));
        sender(SenderSettings.small().retryWindow(300).build());
        WebhookJob job = enqueue("/moved");

        DeadJob dead = awaitDeadLetter(job);

        assertThat(dead.lastError()).startsWith("HTTP 302 (redirects are not followed");
        assertThat(receiver.requests("/elsewhere")).isEmpty();
        assertThat(metric("herald_webhook_attempts_total{app=\"app-1\",outcome=\"3xx\"}")).isPositive();
    }

    @Test
    void aHangingEndpointDoesNotHoldUpAnotherEndpointsDeliveries() {
        receiver.on("/slow", Behaviour.hang());
        // A timeout longer than the bound below: a healthy delivery stuck behind a slow one would fail the test.
        sender(SenderSettings.small().timeout(2_500).build());
        for (int i = 0; i < 6; i++) {
            enqueue("/slow");
        }
        receiver.awaitRequests("/slow", 2, WAIT);

        List<WebhookJob> healthyJobs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            healthyJobs.add(job(APP_ID, receiver.url("/healthy")));
        }
        long enqueuedAt = System.currentTimeMillis();
        queue.enqueue(healthyJobs);
        List<Recorded> healthy = receiver.awaitRequests("/healthy", 20, WAIT);

        for (int i = 0; i < healthy.size(); i++) {
            assertThat(healthy.get(i).arrivedAtMillis() - enqueuedAt).as("delivery %d", i).isLessThan(2_000);
        }
        await().atMost(WAIT).until(() -> metric("herald_webhook_attempts_total{app=\"app-1\",outcome=\"timeout\"}") >= 2);
    }

    @Test
    void neverSendsMoreThanTheEndpointsConcurrencyCapAtOnce() {
        receiver.on("/capped", Behaviour.delay(Duration.ofMillis(300), 200));
        sender(SenderSettings.small().concurrency(8).build());
        for (int i = 0; i < 8; i++) {
            enqueue("/capped");
        }

        receiver.awaitRequests("/capped", 8, WAIT);

        assertThat(receiver.maxConcurrent("/capped")).isEqualTo(2);
        assertThat(metric("herald_webhook_deferred_total{reason=\"endpoint_busy\"}")).isPositive();
        awaitQueueEmpty();
        assertThat(queue.deadLetters(10)).isEmpty();
    }

    @Test
    void opensTheBreakerAfterConsecutiveFailuresAndStopsCallingTheEndpoint() {
        receiver.on("/broken", Behaviour.status(500));
        sender(settings());
        enqueue("/broken");
        receiver.awaitRequests("/broken", 3, WAIT);
        String breaker = "herald_webhook_breaker_state{endpoint=\"http://127.0.0.1:" + receiver.port() + "/broken\"}";
        await().atMost(WAIT).until(() -> metric(breaker) == 2.0);

        enqueue("/broken");
        await().atMost(WAIT).until(() -> metric("herald_webhook_deferred_total{reason=\"breaker_open\"}") >= 2);

        assertThat(receiver.requests("/broken")).hasSize(3);
    }

    @Test
    void thePrivateNetworkGuardBlocksLoopbackLiteralsAndNames() {
        sender(SenderSettings.small().blockPrivateNetworks(true).build());
        WebhookJob literal = enqueue("/hook");
        WebhookJob name = enqueue(APP_ID, "http://localhost:" + receiver.port() + "/hook");

        assertThat(awaitDeadLetter(literal).lastError()).isEqualTo("blocked private address");
        assertThat(awaitDeadLetter(name).lastError()).isEqualTo("blocked private address");
        assertThat(receiver.requests()).isEmpty();
        assertThat(metric("herald_webhook_attempts_total{app=\"app-1\",outcome=\"blocked\"}")).isEqualTo(2.0);
    }

    @Test
    void deadLettersAJobWhoseAppNoLongerExists() {
        sender(settings());
        WebhookJob job = enqueue("gone-app", receiver.url("/hook"));

        assertThat(awaitDeadLetter(job).lastError()).isEqualTo("app gone-app no longer exists");
        assertThat(receiver.requests()).isEmpty();
    }

    @Test
    void closeReturnsAJobWhoseRequestIsStillInFlight() {
        receiver.on("/slow", Behaviour.hang());
        WebhookSender first = WebhookSender.start(queue, apps, SenderSettings.small().timeout(30_000).lease(60_000).build(),
                metrics);
        WebhookJob job = enqueue("/slow");
        receiver.awaitRequests("/slow", 1, WAIT);

        long closeStarted = System.nanoTime();
        first.close(Duration.ofMillis(200));

        assertThat(Duration.ofNanos(System.nanoTime() - closeStarted)).isLessThan(Duration.ofSeconds(5));
        assertThat(queue.stats().inFlight()).isZero();
        receiver.on("/slow", Behaviour.status(200));
        sender(settings());
        List<Recorded> requests = receiver.awaitRequests("/slow", 2, WAIT);
        assertThat(requests.get(1).header("X-Herald-Webhook-Id")).isEqualTo(job.id());
        awaitQueueEmpty();
    }

    @Test
    void closeWithNothingInFlightReturnsPromptly() {
        WebhookSender sender = sender(settings());
        enqueue("/hook");
        receiver.awaitRequests("/hook", 1, WAIT);
        awaitQueueEmpty();

        long started = System.nanoTime();
        sender.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
}
