package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.node.HeraldNode;
import io.herald.queue.SqliteWebhookQueue;
import io.herald.sender.StandaloneSender;
import io.herald.webhook.LeasedJob;
import io.herald.webhook.WebhookJob;
import io.herald.webhook.WebhookQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webhook commands against a real SQLite queue in a temporary directory. */
class WebhooksCommandTest {

    private static final String APPS = "apps=[{id: app-1, key: k, secret: s}]";

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

        CommandRun run = run("webhooks", "replay", "job-2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Replayed 1 job(s)." + System.lineSeparator());
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir)) {
            assertThat(queue.deadLetters(10)).extracting(dead -> dead.job().id()).containsExactly("job-1");
            assertThat(queue.stats().ready()).isEqualTo(1);
        }
    }

    @Test
    void replayAllEmptiesTheDeadLetters() {
        deadLetters("job-1", "job-2");

        CommandRun run = run("webhooks", "replay", "--all");

        assertThat(run.out()).isEqualTo("Replayed 2 job(s)." + System.lineSeparator());
        try (WebhookQueue queue = new SqliteWebhookQueue(dataDir)) {
            assertThat(queue.deadLetters(10)).isEmpty();
            assertThat(queue.stats().ready()).isEqualTo(2);
        }
    }

    @Test
    void replayOfUnknownIdsSaysHowManyWereMissingAndExitsOne() {
        deadLetters("job-1");

        CommandRun run = run("webhooks", "replay", "job-1", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Replayed 1 job(s)." + System.lineSeparator());
        assertThat(run.err()).isEqualTo("herald: 1 of 2 id(s) were not dead letters" + System.lineSeparator());
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
