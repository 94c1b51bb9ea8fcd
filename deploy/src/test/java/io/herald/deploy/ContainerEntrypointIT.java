package io.herald.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's entrypoint (deploy/docker/herald) run here with the real server jar, as the
 * container runs it: the JVM takes its options, Netty's native epoll transport unpacks into
 * TMPDIR and loads, and a node given the chart's rendered herald.yaml and environment starts,
 * is ready on its metrics port, passes the image's HEALTHCHECK command and stops cleanly on
 * SIGTERM. Without a container runtime here, this is the closest run of the image's runtime stage.
 */
class ContainerEntrypointIT {

    private static final Pattern LISTENING = Pattern.compile(
            "Herald listening on [^ ]+:(\\d+) \\((\\w+) transport.*metrics on [^ ]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @TempDir
    Path workingDir;

    @TempDir
    Path image;

    private final List<String> output = new CopyOnWriteArrayList<>();
    private Process process;

    @BeforeAll
    static void needsTheImagesJavaVersion() {
        assumeTrue(Runtime.version().feature() >= 25,
                "the entrypoint's JVM options are those of the image's JDK 25; this JVM is " + Runtime.version());
    }

    @AfterEach
    void stopProcess() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void printsTheVersion() throws InterruptedException {
        start(Map.of(), "version");

        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> output.stream().anyMatch(line -> line.contains(projectVersion())));
    }

    @Test
    void runsANodeFromTheChartsConfigurationUntilSigterm() throws Exception {
        RenderedChart chart = HelmChart.shared().render("""
                apps:
                  list:
                    - {id: "1", key: chat-key, secret: a-long-random-secret}
                config:
                  server: {path-prefix: /pusher}
                """);
        HeraldContainerConfig config = HeraldContainerConfig.of(chart, "herald-gateway", Map.of(), workingDir);

        start(config.environment(), "start", "--config", config.configFile().toString(), "--port", "0", "--metrics-port", "0");
        Matcher listening = awaitLine(LISTENING);

        assertThat(listening.group(2)).as("transport").isEqualTo("epoll");
        int metricsPort = Integer.parseInt(listening.group(3));
        assertThat(get(metricsPort, "/ready")).isEqualTo(200);
        assertThat(get(metricsPort, "/health")).isEqualTo(200);
        assertThat(output).noneMatch(line -> line.contains("DEMO app"));
        assertThat(healthcheck(metricsPort)).as("HEALTHCHECK exit code").isZero();

        process.destroy();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
    }

    @Test
    void failsTheHealthcheckWhenNothingAnswers() throws Exception {
        assertThat(healthcheck(freePort())).isNotZero();
    }

    /**
     * Runs the entrypoint from the image's layout (bin/herald beside herald.jar), with java from
     * this JVM's installation on the PATH.
     */
    private void start(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of("sh", installEntrypoint().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("HERALD_") || name.startsWith("JAVA_") || name.startsWith("JDK_"));
        env.putAll(environment);
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("TMPDIR", tmp.toString());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread reader = new Thread(this::readOutput, "entrypoint-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private Matcher awaitLine(Pattern pattern) {
        await().atMost(START_TIMEOUT).until(() -> !process.isAlive() || find(pattern).isPresent());
        return find(pattern).orElseThrow(() -> new AssertionError("the node did not start:\n" + String.join("\n", output)));
    }

    private Optional<Matcher> find(Pattern pattern) {
        return output.stream().map(pattern::matcher).filter(Matcher::find).findFirst();
    }

    private static int get(int port, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    /** The image's HEALTHCHECK command, pointed at the given port instead of 9601. */
    private static int healthcheck(int port) throws IOException, InterruptedException {
        Dockerfile.Instruction healthcheck = Dockerfile.read(DeployFiles.deployDir().resolve("Dockerfile")).last()
                .last("HEALTHCHECK").orElseThrow();
        List<String> command = new Dockerfile.Instruction("CMD",
                healthcheck.arguments().substring(healthcheck.arguments().indexOf("CMD ") + 4)).execForm();
        List<String> local = command.stream().map(part -> part.replace("/9601", "/" + port)).toList();
        Process check = new ProcessBuilder(local).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!check.waitFor(10, TimeUnit.SECONDS)) {
            check.destroyForcibly();
            throw new AssertionError("the healthcheck did not finish in 10 s");
        }
        return check.exitValue();
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The image's /opt/herald under a temporary directory: bin/herald and herald.jar. */
    private Path installEntrypoint() {
        Path jar = Path.of(System.getProperty("herald.jar"));
        assertThat(jar).as("the server jar; build it with ./mvnw -pl deploy -am verify").exists();
        try {
            Path home = Files.createDirectories(image.resolve("opt/herald/bin")).getParent();
            Files.copy(DeployFiles.deployDir().resolve("docker/herald"), home.resolve("bin/herald"));
            Files.copy(jar, home.resolve("herald.jar"));
            return home.resolve("bin/herald");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String projectVersion() {
        return System.getProperty("herald.project.version");
    }
}
