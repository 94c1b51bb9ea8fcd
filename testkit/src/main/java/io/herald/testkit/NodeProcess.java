package io.herald.testkit;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Herald node in its own JVM ({@code herald start --config FILE}), for tests that kill it with
 * SIGKILL or stop it with SIGTERM. It runs from this JVM's classpath; its ports are read from its
 * "listening" log line, so the configuration may use port 0.
 */
public final class NodeProcess implements AutoCloseable {

    private static final Pattern LISTENING =
            Pattern.compile("Herald listening on [^ ]+:(\\d+) .*?(?:metrics on [^ ]+:(\\d+))?$");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private volatile int port = -1;
    private volatile int metricsPort = -1;

    private NodeProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "node-process-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private static final List<String> DEFAULT_HEAP = List.of("-Xmx512m");

    /** Starts {@code herald start --config configFile} plus {@code args}, and waits until it listens. */
    public static NodeProcess start(Path configFile, String... args) {
        return launch("start", DEFAULT_HEAP, configFile, args);
    }

    /** The same in a JVM with these memory options instead of {@code -Xmx512m}, e.g. a small heap. */
    public static NodeProcess startWithMemory(List<String> memoryOptions, Path configFile, String... args) {
        return launch("start", memoryOptions, configFile, args);
    }

    /** Starts {@code herald sender --config configFile}: webhook delivery only. */
    public static NodeProcess startSender(Path configFile, String... args) {
        return launch("sender", DEFAULT_HEAP, configFile, args);
    }

    private static NodeProcess launch(String command, List<String> memoryOptions, Path configFile, String... args) {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+ExitOnOutOfMemoryError"));
        line.addAll(memoryOptions);
        line.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "io.herald.cli.HeraldCommand", command, "--config", configFile.toString()));
        line.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("HERALD_"));
        try {
            NodeProcess node = new NodeProcess(builder.start());
            node.awaitListening(command);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitListening(String command) {
        try {
            await().atMost(START_TIMEOUT).until(() -> !process.isAlive() || (port > 0 || metricsPort > 0 && command.equals("sender")));
        } catch (ConditionTimeoutException e) {
            // a node that never said it listens must not outlive the test that started it
            kill();
            throw new IllegalStateException("herald " + command + " did not listen within " + START_TIMEOUT + ":\n" + String.join("\n", output), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("herald " + command + " exited with " + process.exitValue() + ":\n" + String.join("\n", output));
        }
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    if (listening.group(2) != null) {
                        metricsPort = Integer.parseInt(listening.group(2));
                    }
                    port = Integer.parseInt(listening.group(1));
                }
                Matcher metricsOnly = Pattern.compile("[Mm]etrics on [^ ]+:(\\d+)").matcher(line);
                if (metricsOnly.find()) {
                    metricsPort = Integer.parseInt(metricsOnly.group(1));
                }
            }
        } catch (IOException e) {
            // the process ended; its output ends here
        }
    }

    public int port() {
        return port;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything the process printed so far. */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM, then waits for the exit code. */
    public int stop() {
        process.destroy();
        return waitForExit();
    }

    /** Sends SIGTERM and returns at once; a node then drains, and a second one hurries it. */
    public void terminate() {
        process.destroy();
    }

    /** Completes with the exit code when the process ends. */
    public java.util.concurrent.CompletableFuture<Integer> onExit() {
        return process.onExit().thenApply(Process::exitValue);
    }

    private int waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
