package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.app.StaticAppRegistry;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.WebhooksConfig;
import io.herald.node.HeraldNode;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.sender.SenderMetrics;
import io.herald.sender.SenderSettings;
import io.herald.sender.StandaloneSender;
import io.herald.sender.WebhookSender;
import io.herald.testkit.base.WebhookReceiver;
import io.herald.testkit.base.WebhookReceiver.Behaviour;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook commands against a real SQLite queue in a temporary directory. */
class WebhooksCommandTest {

    private static final String APPS = "apps=[{id: app-1, key: k, secret: s}]";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    /** Runs herald with the queue in the temporary directory (each command opens its own handle, as a process would). */
    private CommandRun run(NodeLifetime lifetime, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", APPS, "--set", "webhooks.data-dir=" + dataDir));
        return CommandRun.of(Map.of(), lifetime, all.toArray(String[]::new));
    }

    private CommandRun run(String... args) {
        return run(CommandRun.NO_NODE, args);
    }

    /** Puts jobs straight into the dead letters through the queue's own API. */
    private void deadLetters(String... ids) {
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir)) {
            for (String id : ids) {
                queue.enqueue(List.of(new WebhookJob(id, "app-1", "https://hooks.example.com/in?token=s3cret", "{}", 1_000)));
            }
            for (LeasedJob leased : queue.lease(WebhookQueue.Lane.FIRST, ids.length, Duration.ofSeconds(30))) {
                queue.deadLetter(leased, "HTTP 500:\n  boom");
            }
        }
    }

    @Test
    void deadListsTheDeadLettersWithoutQueryStrings() {
        deadLetters("job-1", "job-2");

        CommandRun run = run("webhooks", "dead");

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("ID\tAPP\tURL\tATTEMPTS\tDEAD AT\tLAST ERROR");
        assertThat(lines.get(1)).startsWith("job-1\tapp-1\thttps://hooks.example.com/in\t1\t").endsWith("\tHTTP 500: boom");
        assertThat(run.out()).doesNotContain("s3cret");
    }

    @Test
    void deadHonoursTheLimit() {
        deadLetters("job-1", "job-2", "job-3");

        assertThat(run("webhooks", "dead", "--limit", "2").out().lines()).hasSize(3);
        assertThat(run("webhooks", "dead", "--limit", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void deadSaysWhenThereAreNone() {
        CommandRun run = run("webhooks", "dead");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No dead letters." + System.lineSeparator());
    }

    @Test
    void replayByIdMovesThoseJobsBackToTheQueue() {
        deadLetters("job-1", "job-2");

        CommandRun run = run("webhooks", "replay", "job-2", "--no-wait");

        assertThat(run.exitCode()).as("no sender runs, so nothing was delivered").isEqualTo(3);
        assertThat(run.out()).startsWith("Replayed 1 job(s)." + System.lineSeparator())
                .contains("0 delivered, 0 failed again (0 dead again, 0 waiting for a retry), 1 still queued without a request.");
        assertThat(run.err()).contains("none of the replayed jobs was delivered", "wait for a sender");
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir)) {
            assertThat(queue.deadLetters(10)).extracting(dead -> dead.job().id()).containsExactly("job-1");
            assertThat(queue.stats().ready()).isEqualTo(1);
        }
    }

    @Test
    void replayAllEmptiesTheDeadLetters() {
        deadLetters("job-1", "job-2");

        CommandRun run = run("webhooks", "replay", "--all", "--no-wait");

        assertThat(run.out()).startsWith("Replayed 2 job(s)." + System.lineSeparator());
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir)) {
            assertThat(queue.deadLetters(10)).isEmpty();
            assertThat(queue.stats().ready()).isEqualTo(2);
        }
    }

    @Test
    void replayOfUnknownIdsSaysHowManyWereMissingAndExitsOne() {
        deadLetters("job-1");

        CommandRun run = run("webhooks", "replay", "job-1", "nope", "--no-wait");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("Replayed 1 job(s)." + System.lineSeparator());
        assertThat(run.err()).isEqualTo("herald: 1 of 2 id(s) were not dead letters" + System.lineSeparator());
    }

    @Test
    void replayWithNoDeadLettersSaysSoAndSucceeds() {
        CommandRun run = run("webhooks", "replay", "--all");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("No dead letters to replay." + System.lineSeparator());
    }

    /**
     * The breaker of a running sender is open (its endpoint failed until the jobs died) when the
     * endpoint comes back and the jobs are replayed: the breaker's probe lets them through, and
     * the command reports them delivered.
     */
    @Test
    void replayWithTheBreakerOpenReportsTheJobsDeliveredOnceTheProbeGetsThrough() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); RunningSender sender = new RunningSender(receiver, 1_000)) {
            receiver.on("/hooks", Behaviour.status(500));
            sender.enqueue(3);
            await().atMost(WAIT).until(() -> sender.deadCount() == 3);
            assertThat(sender.breakerState()).as("open").isEqualTo(2.0);
            receiver.on("/hooks", Behaviour.status(200));

            CommandRun run = run("webhooks", "replay", "--all", "--wait", "20s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("Replayed 3 job(s)." + System.lineSeparator()).contains(": 3 delivered, 0 failed again");
            assertThat(sender.deadCount()).isZero();
        }
    }

    /** The endpoint is still down: the replayed jobs fail again, the command says so and exits 3. */
    @Test
    void replayThatDeliversNothingReportsTheFailuresAndExitsThree() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); RunningSender sender = new RunningSender(receiver, 1_000)) {
            receiver.on("/hooks", Behaviour.status(503));
            sender.enqueue(2);
            await().atMost(WAIT).until(() -> sender.deadCount() == 2);

            CommandRun run = run("webhooks", "replay", "--all", "--wait", "20s");

            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.out()).contains(": 0 delivered, 2 failed again (2 dead again").contains("Last error: HTTP 503");
            assertThat(run.err()).contains("none of the replayed jobs was delivered");
        }
    }

    /** A sender in this JVM on the test's queue, with a short window and a breaker that opens at the first failure. */
    private final class RunningSender implements AutoCloseable {

        private final WebhookReceiver receiver;
        private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        private final WebhookQueue queue = new SqliteWebhookQueue(dataDir);
        private final WebhookSender sender;

        RunningSender(WebhookReceiver receiver, int windowMillis) {
            this.receiver = receiver;
            var apps = new StaticAppRegistry(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), List.of(
                    "apps=[{id: app-1, key: k, secret: s, webhooks: [{url: '" + receiver.url("/hooks") + "'}]}]"))).apps());
            var settings = SenderSettings.small().retryWindow(windowMillis).breaker(1, 300, 600).build();
            sender = WebhookSender.start(queue, apps, settings, new SenderMetrics(registry));
        }

        void enqueue(int count) {
            long now = System.currentTimeMillis();
            queue.enqueue(IntStream.range(0, count).mapToObj(i -> new WebhookJob("job-" + i, "app-1", receiver.url("/hooks"),
                    "{\"time_ms\":" + now + ",\"events\":[]}", now)).toList());
        }

        long deadCount() {
            return queue.stats().dead();
        }

        double breakerState() {
            String series = "herald_webhook_breaker_state{endpoint=\"http://127.0.0.1:" + receiver.port() + "/hooks\"} ";
            return registry.scrape().lines().filter(line -> line.startsWith(series)).findFirst()
                    .map(line -> Double.parseDouble(line.substring(series.length()))).orElse(-1.0);
        }

        @Override
        public void close() {
            sender.close();
            queue.close();
        }
    }

    @Test
    void replayNeedsIdsOrAllButNotBoth() {
        assertThat(run("webhooks", "replay").exitCode()).isEqualTo(2);
        assertThat(run("webhooks", "replay", "job-1", "--all").exitCode()).isEqualTo(2);
    }

    @Test
    void aBadConfigurationIsReportedBeforeTheQueueIsOpened() {
        CommandRun run = run("webhooks", "dead", "--set", "server.colour=blue");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("herald: cannot open the webhook queue, the configuration has 1 problem(s):");
    }

    @Test
    void aQueueThatCannotBeOpenedIsReportedWithExitCodeOne() throws Exception {
        Path notADirectory = java.nio.file.Files.writeString(dataDir.resolve("file"), "x");

        CommandRun run = CommandRun.of(Map.of(), CommandRun.NO_NODE, "webhooks", "dead", "--set", APPS,
                "--set", "webhooks.data-dir=" + notADirectory);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("herald: webhook queue (sqlite): cannot open: ");
    }

    @Test
    void senderServesMetricsAndReadinessWithoutAGateway() {
        AtomicReference<String> metrics = new AtomicReference<>();
        AtomicReference<Integer> ready = new AtomicReference<>();
        NodeLifetime lifetime = new NodeLifetime() {
            @Override
            public void runUntilStopped(HeraldNode node) {
                throw new AssertionError("herald sender must not start a node");
            }

            @Override
            public void runSenderUntilStopped(StandaloneSender sender) throws InterruptedException {
                metrics.set(get(sender.metricsPort(), "/metrics").body());
                ready.set(get(sender.metricsPort(), "/ready").statusCode());
            }
        };

        CommandRun run = run(lifetime, "sender", "--metrics-port", "0", "--set", "metrics.host=127.0.0.1",
                "--set", "webhooks.sender.concurrency=2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(ready.get()).isEqualTo(200);
        assertThat(metrics.get()).contains("herald_webhook_queue_ready", "herald_webhook_end_to_end_seconds");
    }

    private static HttpResponse<String> get(int port, String path) throws InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
