package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code herald usage} against small HTTP servers that answer fixed metrics text, one answer per request. */
class UsageCommandTest {

    private static final String FIRST = """
            # TYPE herald_connection_seconds_total counter
            herald_connection_seconds_total{app="app-1"} 100.0
            herald_connections_peak{app="app-1"} 3.0
            herald_events_published_total{app="app-1",source="api"} 4.0
            herald_client_events_total{app="app-1"} 1.0
            herald_messages_sent_total{app="app-1"} 20.0
            herald_bytes_received_total{app="app-1"} 300.0
            herald_bytes_sent_total{app="app-1"} 2000.0
            herald_webhook_attempts_total{app="app-1",outcome="2xx"} 2.0
            """;
    private static final String SECOND = FIRST.replace("100.0", "130.5").replace("} 20.0", "} 26.0")
            .replace("herald_connections_peak{app=\"app-1\"} 3.0", "herald_connections_peak{app=\"app-1\"} 5.0");

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
    }

    /** A server at /metrics answering {@code answers} in turn, then the last one again. */
    private String serve(int status, String... answers) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        int[] served = {0};
        server.createContext("/metrics", exchange -> {
            byte[] body;
            synchronized (served) {
                body = answers[Math.min(served[0]++, answers.length - 1)].getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/metrics";
    }

    @Test
    void printsTotalsSummedOverEveryNode() throws IOException {
        String a = serve(200, FIRST);
        String b = serve(200, SECOND);

        CommandRun run = CommandRun.of("usage", "--from", a, "--from", b);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "Usage since each node started (2 nodes):",
                "APP    CONN-SECONDS  PEAK-CONN  PUBLISHED  DELIVERED  BYTES-IN  BYTES-OUT  WEBHOOKS  WEBHOOK-FAILURES",
                "app-1       230.500          8         10         46       600       4000         4                 0");
    }

    @Test
    void printsTheDifferenceOverAPeriod() throws IOException {
        String node = serve(200, FIRST, SECOND);

        CommandRun run = CommandRun.of("usage", "--from", node, "--period", "200ms", "--format", "csv");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "app,connection_seconds,peak_connections,published,published_api,published_client,delivered,bytes_in,bytes_out,webhook_attempts,webhook_failures",
                "app-1,30.500,5,0,0,0,6,0,0,0,0");
    }

    @Test
    void theTableHeadingGivesTheMeasuredPeriod() throws IOException {
        String node = serve(200, FIRST, SECOND);

        CommandRun run = CommandRun.of("usage", "--from", node, "--period", "100ms");

        assertThat(run.exitCode()).as(run.err()).isZero();
        String heading = run.out().lines().findFirst().orElseThrow();
        assertThat(heading).matches("Usage over \\d+\\.\\d s \\(1 node\\):");
        assertThat(Double.parseDouble(heading.split(" ")[2])).as("at least the period asked for").isGreaterThanOrEqualTo(0.1);
    }

    @Test
    void anEndpointThatAnswersAnErrorFailsTheCommand() throws IOException {
        String node = serve(503, "busy");

        CommandRun run = CommandRun.of("usage", "--from", node);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("herald: " + node + " answered HTTP 503, not metrics");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void anEndpointThatIsNotPrometheusTextFailsTheCommand() throws IOException {
        String node = serve(200, "{\"status\":\"ok\"}");

        CommandRun run = CommandRun.of("usage", "--from", node);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(node + " did not answer Prometheus text: line 1: expected a metric name");
    }

    @Test
    void anUnreachableEndpointFailsTheCommand() throws IOException {
        String node = serve(200, FIRST);
        stop();

        CommandRun run = CommandRun.of("usage", "--from", node, "--timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("herald: cannot read " + node + ": could not connect");
    }

    @Test
    void rejectsBadOptions() {
        assertThat(CommandRun.of("usage", "--from", "127.0.0.1:9601").err()).contains("is not an http(s) URL");
        assertThat(CommandRun.of("usage", "--period", "soon").err()).contains("'soon' is not a duration");
        assertThat(CommandRun.of("usage", "--period", "0s").err()).contains("'0s' is not a positive duration");
        assertThat(CommandRun.of("usage", "--format", "xml").err()).contains("unknown format 'xml'");
        assertThat(CommandRun.of("usage", "--format", "xml").exitCode()).isEqualTo(2);
    }

    @Test
    void helpNamesTheDefaultEndpoint() {
        CommandRun run = CommandRun.of("usage", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--from=URL", UsageCommand.DEFAULT_SOURCE, "--period=DURATION", "--format=FORMAT");
    }
}
