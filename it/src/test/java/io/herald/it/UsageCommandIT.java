package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code herald usage}, run as its own process like an operator would, against a real node
 * serving two apps that real clients use: every figure it prints is checked against what the
 * clients did.
 */
class UsageCommandIT {

    private static final String APPS = "apps=[{id: shop, key: shop-key, secret: shop-secret},"
            + " {id: news, key: news-key, secret: news-secret}]";

    private TestNode node;
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeEach
    void startNode() {
        node = TestNode.start(APPS);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
        node.close();
    }

    private RawPusherClient connect(String key, String secret) {
        RawPusherClient client = RawPusherClient.connect(node.wsUrl(key) + RawPusherClient.JS_QUERY, key, secret);
        resources.add(client);
        client.socketId();
        return client;
    }

    private Pusher api(String appId, String key, String secret) {
        Pusher sdk = new Pusher(appId, key, secret);
        sdk.setHost(TestNode.HOST + ":" + node.port());
        sdk.setEncrypted(false);
        resources.add(sdk::close);
        return sdk;
    }

    private static void publish(Pusher sdk, String channel, String event, Object data) {
        Result result = sdk.trigger(channel, event, data);
        assertThat(result.getStatus()).as("%s: %s", result.getHttpStatus(), result.getMessage()).isEqualTo(Result.Status.SUCCESS);
    }

    /** The size on the wire of a frame a client received: its UTF-8 text and the WebSocket header. */
    private static long wireBytes(PusherFrame frame) {
        int payload = frame.text().getBytes(StandardCharsets.UTF_8).length;
        return payload + (payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10);
    }

    private static long wireBytes(List<PusherFrame> frames) {
        return frames.stream().mapToLong(UsageCommandIT::wireBytes).sum();
    }

    @Test
    void printsWhatEachAppUsed() throws Exception {
        long firstConnect = System.nanoTime();
        RawPusherClient shopAnn = connect("shop-key", "shop-secret");
        RawPusherClient shopBob = connect("shop-key", "shop-secret");
        RawPusherClient newsReader = connect("news-key", "news-secret");
        long allConnected = System.nanoTime();

        for (RawPusherClient client : List.of(shopAnn, shopBob)) {
            client.subscribe("orders");
            client.awaitSubscribed("orders");
            client.subscribePrivate("private-cart");
            client.awaitSubscribed("private-cart");
        }
        newsReader.subscribe("headlines");
        newsReader.awaitSubscribed("headlines");

        Pusher shop = api("shop", "shop-key", "shop-secret");
        for (int i = 0; i < 3; i++) {
            publish(shop, "orders", "order-placed", Map.of("order", i));
        }
        shopAnn.trigger("private-cart", "client-item-added", "{\"sku\":\"tea\"}");
        Pusher news = api("news", "news-key", "news-secret");
        publish(news, "headlines", "breaking", Map.of("title", "Herald ships usage"));
        publish(news, "headlines", "breaking", Map.of("title", "ünïcödé héadline"));

        List<PusherFrame> shopDeliveries = new ArrayList<>();
        shopDeliveries.addAll(shopAnn.awaitFrames(frame -> frame.is("order-placed"), 3));
        shopDeliveries.addAll(shopBob.awaitFrames(frame -> frame.is("order-placed"), 3));
        shopDeliveries.addAll(shopBob.awaitFrames(frame -> frame.is("client-item-added"), 1));
        List<PusherFrame> newsDeliveries = newsReader.awaitFrames(frame -> frame.is("breaking"), 2);
        shopBob.close();

        long usageStarted = System.nanoTime();
        CliRun run = herald("usage", "--from", metricsUrl(), "--format", "json");
        long usageEnded = System.nanoTime();

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("period_seconds").isNull()).isTrue();
        assertThat(report.path("sources").get(0).asText()).isEqualTo(metricsUrl());
        JsonNode shopUsage = app(report, "shop");
        JsonNode newsUsage = app(report, "news");

        assertThat(shopUsage.path("peak_connections").asLong()).isEqualTo(2);
        assertThat(shopUsage.path("published_api").asLong()).isEqualTo(3);
        assertThat(shopUsage.path("published_client").asLong()).isEqualTo(1);
        assertThat(shopUsage.path("published").asLong()).isEqualTo(4);
        assertThat(shopUsage.path("delivered").asLong()).as("3 events to 2 subscribers, 1 client event to the other").isEqualTo(7);
        assertThat(shopUsage.path("bytes_out").asLong()).isEqualTo(wireBytes(shopDeliveries));
        assertThat(shopUsage.path("bytes_in").asLong()).isPositive();
        assertThat(shopUsage.path("webhook_attempts").asLong()).isZero();

        assertThat(newsUsage.path("peak_connections").asLong()).isEqualTo(1);
        assertThat(newsUsage.path("published").asLong()).isEqualTo(2);
        assertThat(newsUsage.path("published_client").asLong()).isZero();
        assertThat(newsUsage.path("delivered").asLong()).isEqualTo(2);
        assertThat(newsUsage.path("bytes_out").asLong()).isEqualTo(wireBytes(newsDeliveries));
        assertThat(newsUsage.path("bytes_in").asLong()).isPositive();

        // Ann stayed connected from before allConnected until the scrape; Bob left early; the
        // news reader stayed throughout. Connection-seconds lie between those bounds.
        double newsSeconds = newsUsage.path("connection_seconds").asDouble();
        assertThat(newsSeconds).isBetween(seconds(usageStarted - allConnected) - 0.001, seconds(usageEnded - firstConnect) + 0.001);
        double shopSeconds = shopUsage.path("connection_seconds").asDouble();
        assertThat(shopSeconds).isBetween(seconds(usageStarted - allConnected) - 0.001, 2 * seconds(usageEnded - firstConnect) + 0.001);
    }

    @Test
    void printsTheDifferenceOverAPeriodAsATable() throws Exception {
        connect("shop-key", "shop-secret");
        connect("shop-key", "shop-secret");
        connect("news-key", "news-secret");

        long started = System.nanoTime();
        CliRun run = herald("usage", "--from", metricsUrl(), "--period", "2s");
        long ended = System.nanoTime();

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0)).matches("Usage over \\d+\\.\\d s \\(1 node\\):");
        double measured = Double.parseDouble(lines.get(0).split(" ")[2]);
        assertThat(measured).as("the period between the two readings").isBetween(2.0, seconds(ended - started) + 0.05);
        assertThat(lines.get(1).split(" +")).containsExactly("APP", "CONN-SECONDS", "PEAK-CONN", "PUBLISHED", "DELIVERED",
                "BYTES-IN", "BYTES-OUT", "WEBHOOKS", "WEBHOOK-FAILURES");
        assertThat(lines).hasSize(4);
        String[] news = lines.get(2).split(" +");
        String[] shop = lines.get(3).split(" +");
        assertThat(news[0]).isEqualTo("news");
        assertThat(shop[0]).isEqualTo("shop");
        // Nothing was published during the period; the clients stayed connected throughout it.
        assertThat(List.of(news).subList(3, 9)).containsOnly("0");
        assertThat(List.of(shop).subList(3, 9)).containsOnly("0");
        assertThat(Double.parseDouble(news[1])).isBetween(2.0, seconds(ended - started));
        assertThat(Double.parseDouble(shop[1])).isBetween(4.0, 2 * seconds(ended - started));
        assertThat(shop[2]).as("peak").isEqualTo("2");
    }

    @Test
    void addsUpSeveralNodes() throws Exception {
        try (TestNode second = TestNode.start(APPS)) {
            connect("shop-key", "shop-secret");
            RawPusherClient elsewhere = RawPusherClient.connect(second.wsUrl("shop-key") + RawPusherClient.JS_QUERY,
                    "shop-key", "shop-secret");
            resources.add(elsewhere);
            elsewhere.socketId();

            CliRun run = herald("usage", "--from", metricsUrl(),
                    "--from", "http://" + TestNode.HOST + ":" + second.metricsPort() + "/metrics", "--format", "csv");

            assertThat(run.exitCode()).as(run.err()).isZero();
            List<String> rows = run.out().lines().toList();
            assertThat(rows.get(0)).startsWith("app,connection_seconds,peak_connections,");
            assertThat(rows.get(2)).startsWith("shop,").contains(",2,0,0,0,0,");
            elsewhere.close();
        }
    }

    private static JsonNode app(JsonNode report, String id) {
        for (JsonNode app : report.path("apps")) {
            if (app.path("app").asText().equals(id)) {
                return app;
            }
        }
        throw new AssertionError("no row for app " + id + " in " + report);
    }

    private String metricsUrl() {
        return "http://" + TestNode.HOST + ":" + node.metricsPort() + "/metrics";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private record CliRun(int exitCode, String out, String err) {}

    /** Runs the herald command line in its own JVM from this classpath and waits for it. */
    private static CliRun herald(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", System.getProperty("java.class.path"), "io.herald.cli.HeraldCommand"));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("herald-usage-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("herald " + String.join(" ", args) + " did not finish");
            }
            return new CliRun(process.exitValue(), new String(out, StandardCharsets.UTF_8), Files.readString(errors));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
