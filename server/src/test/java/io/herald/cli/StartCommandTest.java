package io.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** herald start against a real node on free ports. */
class StartCommandTest {

    @TempDir
    Path dir;

    /** herald start on 127.0.0.1 with the given ports (0: any free one) and more arguments. */
    private static String[] start(int port, int metricsPort, String... more) {
        List<String> args = new ArrayList<>(List.of("start", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--set", "metrics.host=127.0.0.1", "--metrics-port", String.valueOf(metricsPort)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void servesUntilStoppedThenClosesTheNodeAndExitsZero() {
        AtomicInteger servedPort = new AtomicInteger();
        NodeLifetime lifetime = node -> {
            servedPort.set(node.port());
            assertAccepts(node.port());
            assertAccepts(node.metricsPort());
        };

        CommandRun run = CommandRun.of(Map.of(), lifetime, start(0, 0));

        assertThat(run.exitCode()).isZero();
        assertThat(servedPort.get()).isPositive();
        assertThatThrownBy(() -> assertAccepts(servedPort.get())).hasCauseInstanceOf(ConnectException.class);
    }

    @Test
    void warnsWithTheDemoCredentialsWhenServingTheDemoApp() {
        CommandRun run = CommandRun.of(Map.of(), node -> {}, start(0, 0));

        assertThat(run.out()).contains(
                "WARNING: serving the DEMO app, for development only.",
                "app id:     app-id",
                "app key:    app-key",
                "app secret: app-secret");
    }

    @Test
    void printsNoSecretWhenServingConfiguredApps() throws IOException {
        Path file = Files.writeString(dir.resolve("herald.yaml"), "apps:\n  - {id: a, key: k, secret: s3cr3t-value}\n");
        NodeLifetime lifetime = node -> assertThat(node.config().apps()).singleElement()
                .satisfies(app -> assertThat(app.key()).isEqualTo("k"));

        CommandRun run = CommandRun.of(Map.of(), lifetime, start(0, 0, "--config", file.toString()));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out() + run.err()).doesNotContain("s3cr3t-value").doesNotContain("DEMO");
    }

    @Test
    void namesThePortThatIsInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of(Map.of(), CommandRun.NO_NODE,
                    start(taken.getLocalPort(), 0));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("herald: cannot start: port " + taken.getLocalPort()
                    + " (server.port) is in use on 127.0.0.1; stop what holds it or choose another port with --port"
                    + System.lineSeparator());
        }
    }

    @Test
    void namesTheMetricsPortWhenThatIsTheOneInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CommandRun run = CommandRun.of(Map.of(), CommandRun.NO_NODE,
                    start(0, taken.getLocalPort()));

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).contains("port " + taken.getLocalPort() + " (metrics.port) is in use on 127.0.0.1");
        }
    }

    @Test
    void namesAHostThatCannotBeResolved() {
        CommandRun run = CommandRun.of(Map.of(), CommandRun.NO_NODE,
                "start", "--host", "no-such-host.invalid", "--port", "0", "--metrics-port", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(
                "herald: cannot start: cannot resolve the host name no-such-host.invalid (server.host)" + System.lineSeparator());
    }

    private static void assertAccepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
