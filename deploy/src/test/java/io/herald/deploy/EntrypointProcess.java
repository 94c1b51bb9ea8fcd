package io.herald.deploy;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A process running the image's entrypoint, its output collected line by line. */
final class EntrypointProcess implements AutoCloseable {

    /** The node's start line: its port, transport and metrics port. */
    static final Pattern LISTENING = Pattern.compile(
            "Herald listening on [^ ]+:(\\d+) \\((\\w+) transport.*metrics on [^ ]+:(\\d+)");
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private EntrypointProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "entrypoint-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts the command with only the given environment variables besides PATH, whose front is
     * the bin directory of this JVM's installation (the image has java on its PATH).
     */
    static EntrypointProcess start(List<String> command, Map<String, String> environment, Path workingDir) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/bin:/bin");
        env.clear();
        env.put("PATH", javaBin() + ":" + path);
        env.putAll(environment);
        try {
            return new EntrypointProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path javaBin() {
        return Path.of(System.getProperty("java.home"), "bin");
    }

    List<String> output() {
        return List.copyOf(output);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a line matching the pattern; fails with the output if the process ends first. */
    Matcher awaitLine(Pattern pattern) {
        await().atMost(TIMEOUT).until(() -> !process.isAlive() || find(pattern).isPresent());
        return find(pattern).orElseThrow(() -> new AssertionError("no line matching " + pattern + " in:\n" + String.join("\n", output)));
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not end in " + TIMEOUT + ":\n" + String.join("\n", output));
        }
        return process.exitValue();
    }

    /** SIGTERM, as Kubernetes sends it, then its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** The HTTP status of GET path on 127.0.0.1:port. */
    static int get(int port, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Optional<Matcher> find(Pattern pattern) {
        return output.stream().map(pattern::matcher).filter(Matcher::find).findFirst();
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // the process ended; its output ends here
        }
    }
}
