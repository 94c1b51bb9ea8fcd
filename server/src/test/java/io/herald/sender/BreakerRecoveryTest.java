package io.herald.sender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The circuit breaker against a real receiver that fails and comes back, on the real SQLite
 * queue: probes let a recovered endpoint back in, and a job whose window ends while the breaker is
 * open is still sent once before it dies.
 */
class BreakerRecoveryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String APP_ID = "app-1";

    @TempDir
    Path dataDir;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SenderMetrics metrics = new SenderMetrics(registry);
    private WebhookReceiver receiver;
    private WebhookQueue queue;
    private WebhookSender sender;

    @BeforeEach
    void start() {
        receiver = WebhookReceiver.start();
        queue = new SqliteWebhookQueue(dataDir);
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        queue.close();
        receiver.close();
    }

    /** A small sender whose breaker opens after {@code failures} failures in a row. */
    private static WebhooksConfig.Sender settings(int window, int failures, int firstProbe, int maxProbe) {
        return SenderSettings.small().retryWindow(window).breaker(failures, firstProbe, maxProbe).build();
    }

    private void startSender(WebhooksConfig.Sender settings) {
        var apps = new StaticAppRegistry(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                "apps=[{id: " + APP_ID + ", key: k, secret: s, webhooks: [{url: '" + receiver.url("/hooks") + "'}]}]"))).apps());
        sender = WebhookSender.start(queue, apps, settings, metrics);
    }

    private List<WebhookJob> enqueue(int count) {
        long now = System.currentTimeMillis();
        List<WebhookJob> jobs = IntStream.range(0, count).mapToObj(i -> new WebhookJob(UUID.randomUUID().toString(), APP_ID,
                receiver.url("/hooks"), "{\"time_ms\":" + now + ",\"events\":[]}", now)).toList();
        queue.enqueue(jobs);
        sender.wake();
        return jobs;
    }

    private double breakerState() {
        String series = "herald_webhook_breaker_state{endpoint=\"http://127.0.0.1:" + receiver.port() + "/hooks\"} ";
        return registry.scrape().lines().filter(line -> line.startsWith(series)).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length()))).orElse(-1.0);
    }

    private List<String> idsAnsweredWith200() {
        List<String> ids = new ArrayList<>();
        for (Recorded r : receiver.requests("/hooks")) {
            if (r.arrivedAtNanos() >= recoveredAtNanos) {
                ids.add(r.header("X-Herald-Webhook-Id"));
            }
        }
        return ids;
    }

    private volatile long recoveredAtNanos = Long.MAX_VALUE;

    /**
     * With the shipped probe pauses (1 s, doubling to 5 s): the receiver stays down until three
     * probes failed, so the pause is at its cap, as after any longer outage. It prints how long
     * after its return the first webhook arrived (at most the cap, plus a lease poll).
     */
    @Test
    void aReceiverThatComesBackGetsEveryWebhookAgainWithoutWaitingOutAFixedPeriod() {
        WebhooksConfig.Sender defaults = new ConfigLoader().load(ConfigSources.defaultsOnly()).webhooks().sender();
        receiver.on("/hooks", Behaviour.status(500));
        startSender(settings(120_000, 3, defaults.breakerProbeDelay(), defaults.breakerProbeMaxDelay()));
        List<WebhookJob> before = enqueue(6);
        await().atMost(WAIT).until(() -> breakerState() == 2.0);
        int requestsWhenOpened = receiver.requests("/hooks").size();
        await("probes while the endpoint is down").atMost(WAIT)
                .until(() -> receiver.requests("/hooks").size() >= requestsWhenOpened + 3);

        recoveredAtNanos = System.nanoTime();
        receiver.on("/hooks", Behaviour.status(200));
        List<WebhookJob> after = enqueue(6);

        await().atMost(WAIT).until(() -> queue.stats().ready() + queue.stats().delayed() + queue.stats().inFlight() == 0);
        assertThat(breakerState()).as("closed").isZero();
        assertThat(queue.deadLetters(100)).isEmpty();
        List<String> delivered = idsAnsweredWith200();
        assertThat(delivered).containsAll(before.stream().map(WebhookJob::id).toList())
                .containsAll(after.stream().map(WebhookJob::id).toList());
        long firstDelivery = receiver.requests("/hooks").stream().filter(r -> r.arrivedAtNanos() >= recoveredAtNanos)
                .mapToLong(Recorded::arrivedAtNanos).min().orElseThrow();
        System.out.printf("breaker recovery: first webhook delivered %d ms after the receiver came back%n",
                (firstDelivery - recoveredAtNanos) / 1_000_000);
    }

    @Test
    void aJobWhoseWindowEndsWhileTheBreakerIsOpenIsSentOnceBeforeItDies() {
        receiver.on("/hooks", Behaviour.status(500));
        // One failure opens the breaker and no probe comes within the window.
        startSender(settings(1_500, 1, 60_000, 60_000));
        WebhookJob opener = enqueue(1).getFirst();
        await().atMost(WAIT).until(() -> breakerState() == 2.0);
        WebhookJob untried = enqueue(1).getFirst();

        List<DeadJob> dead = await().atMost(WAIT).until(() -> queue.deadLetters(10), d -> d.size() == 2);

        assertThat(dead).extracting(d -> d.job().id()).containsExactlyInAnyOrder(opener.id(), untried.id());
        assertThat(dead).allSatisfy(d -> assertThat(d.lastError()).as("the error of a request").contains("HTTP 500"));
        assertThat(receiver.requests("/hooks")).extracting(r -> r.header("X-Herald-Webhook-Id"))
                .as("a request for the job created while the breaker was open").contains(untried.id());
        assertThat(dead.stream().filter(d -> d.job().id().equals(untried.id())).findFirst().orElseThrow().attempts())
                .as("its one request, however often it was deferred").isEqualTo(1);
    }
}
