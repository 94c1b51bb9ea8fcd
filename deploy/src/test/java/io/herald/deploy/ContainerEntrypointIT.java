package io.herald.deploy;

import static io.herald.deploy.EntrypointProcess.LISTENING;
import static io.herald.deploy.EntrypointProcess.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint (deploy/docker/herald) run here with the real server jar, laid out as in
 * the image: the JVM takes its options, Netty's native epoll transport unpacks into TMPDIR and
 * loads, and a node given the chart's rendered herald.yaml and environment starts, is ready on its
 * metrics port, passes the image's HEALTHCHECK command and stops cleanly on SIGTERM. Without a
 * container runtime here, this is the closest run of the image's runtime stage.
 */
class ContainerEntrypointIT {

    @TempDir
    Path root;

    private ImageLayout image;

    @BeforeAll
    static void needsTheImagesJavaVersion() {
        assumeTrue(Runtime.version().feature() >= 25,
                "the entrypoint's JVM options are those of the image's JDK 25; this JVM is " + Runtime.version());
    }

    @BeforeEach
    void installImage() {
        image = ImageLayout.install(root);
    }

    @Test
    void printsTheVersion() throws InterruptedException {
        try (EntrypointProcess version = entrypoint(Map.of(), "version")) {
            assertThat(version.awaitExit()).as(String.join("\n", version.output())).isZero();
            await().atMost(Duration.ofSeconds(5)).until(() -> version.output().stream()
                    .anyMatch(line -> line.equals("herald " + System.getProperty("herald.project.version"))));
        }
    }

    @Test
    void runsANodeFromTheChartsConfigurationUntilSigterm() throws Exception {
        HeraldContainerConfig config = renderedGatewayConfig();

        try (EntrypointProcess node = entrypoint(config.environment(),
                "start", "--config", config.configFile().toString(), "--port", "0", "--metrics-port", "0")) {
            Matcher listening = node.awaitLine(LISTENING);
            int metricsPort = Integer.parseInt(listening.group(3));

            assertThat(listening.group(2)).as("transport").isEqualTo("epoll");
            assertThat(get(metricsPort, "/ready")).isEqualTo(200);
            assertThat(get(metricsPort, "/health")).isEqualTo(200);
            assertThat(node.output()).noneMatch(line -> line.contains("DEMO app"));
            assertThat(healthcheck(metricsPort)).as("HEALTHCHECK exit code").isZero();
            assertThat(node.terminate()).as(String.join("\n", node.output())).isZero();
        }
    }

    @Test
    void failsTheHealthcheckWhenNothingAnswers() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(healthcheck(port)).isNotZero();
    }

    private HeraldContainerConfig renderedGatewayConfig() {
        RenderedChart chart = HelmChart.shared().render("""
                apps:
                  list:
                    - {id: "1", key: chat-key, secret: a-long-random-secret}
                config:
                  server: {path-prefix: /pusher}
                """);
        return HeraldContainerConfig.of(chart, "herald-gateway", Map.of(), image.configDir());
    }

    private EntrypointProcess entrypoint(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", image.entrypoint().toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>(environment);
        env.put("TMPDIR", image.tmp().toString());
        return EntrypointProcess.start(command, env, image.workingDir());
    }

    /** The image's HEALTHCHECK command, pointed at the given port instead of 9601. */
    static int healthcheck(int port) throws IOException, InterruptedException {
        Dockerfile.Instruction healthcheck = Dockerfile.read(DeployFiles.deployDir().resolve("Dockerfile")).last()
                .last("HEALTHCHECK").orElseThrow();
        String exec = healthcheck.arguments().substring(healthcheck.arguments().indexOf("CMD ") + 4);
        List<String> command = new Dockerfile.Instruction("CMD", exec).execForm().stream()
                .map(part -> part.replace("/9601", "/" + port)).toList();
        Process check = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(10, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("the healthcheck did not finish in 10 s");
        }
        return check.exitValue();
    }
}
