package io.herald.testkit.base;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real server process started from a binary on PATH, on a free loopback port, keeping its data in
 * a fresh temporary directory that outlives {@link #restart()} but not {@link #close()}. Subclasses
 * give the command line and a probe that says whether the server answers.
 */
public abstract class ServerProcess implements AutoCloseable {

    /** The machine's own Redis and NATS: a test must never start on, or talk to, these. */
    private static final Set<Integer> RESERVED_PORTS = Set.of(6379, 4222);
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String binary;
    private final String debianPackage;
    private final Path root;
    private final Path dataDir;
    private final Path log;
    private int port;
    private Process process;

    ServerProcess(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
        requireOnPath();
        try {
            this.root = Files.createTempDirectory("herald-" + binary + "-");
            this.dataDir = Files.createDirectories(root.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.log = root.resolve(binary + ".log");
    }

    /** The command line that starts the server on {@code port} keeping its data in {@code dataDir}. */
    abstract List<String> command(int port, Path dataDir);

    /** True when the server on {@code port} accepts a connection and answers; never throws. */
    abstract boolean answers(int port);

    /** Starts {@code server} on a free port, or closes it and throws. */
    static <S extends ServerProcess> S started(S server) {
        try {
            server.launchRetrying(true);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** True when the server answers now. */
    public boolean ping() {
        return isRunning() && answers(port);
    }

    /** Graceful shutdown (SIGTERM), forced if it takes too long. */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** SIGKILL: the server gets no chance to flush or say goodbye. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.toHandle().destroyForcibly();
        try {
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the server stops reading and answering, its connections left open. */
    public void pause() {
        ProcessSignals.pause(process.pid());
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        ProcessSignals.resume(process.pid());
    }

    /** Stops the server if it runs and starts it again on the same port with the same data. */
    public void restart() {
        stop();
        launchRetrying(false);
    }

    /** Kills the server, deletes all its data and starts it empty on the same port (a server without persistence). */
    public void restartEmpty() {
        kill();
        TempDirs.deleteContents(dataDir);
        launchRetrying(false);
    }

    /** Kills the server and deletes its directory. */
    @Override
    public void close() {
        kill();
        TempDirs.deleteContents(root);
        try {
            Files.deleteIfExists(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches, retrying a few times; with {@code newPort}, on another free port each time (the last one was taken meanwhile). */
    final void launchRetrying(boolean newPort) {
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            if (newPort) {
                port = freePort();
            }
            try {
                launch();
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private void launch() {
        if (RESERVED_PORTS.contains(port)) {
            throw new IllegalStateException("refusing to start " + binary + " on reserved port " + port);
        }
        try {
            process = new ProcessBuilder(command(port, dataDir))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        try {
            await().atMost(READY_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> !process.isAlive() || answers(port));
        } catch (ConditionTimeoutException e) {
            kill();
            throw new IllegalStateException(binary + " did not answer on port " + port + " within " + READY_TIMEOUT + "; log:\n" + logTail());
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(binary + " exited on port " + port + "; log:\n" + logTail());
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void requireOnPath() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Stream.of(path.split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, binary)));
        if (!found) {
            throw new IllegalStateException(binary + " is not on PATH; install the Debian package "
                    + debianPackage + " (apt-get install " + debianPackage + ")");
        }
    }

    /** A port nobody listens on right now; another process may take it before we do, hence the retries. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
