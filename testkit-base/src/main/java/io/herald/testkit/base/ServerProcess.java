package io.herald.testkit.base;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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

    /** The machine's own Redis, NATS, PostgreSQL and MySQL: a test must never start on, or talk to, these. */
    private static final Set<Integer> RESERVED_PORTS = Set.of(6379, 4222, 5432, 3306);
    /** Where Debian puts servers that a normal user's PATH lacks. */
    private static final List<String> SERVER_DIRS = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");
    private static final int START_ATTEMPTS = 5;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String binary;
    private final String debianPackage;
    private final Path executable;
    private final Path root;
    private final Path dataDir;
    private final Path log;
    private int port;
    private Process process;

    ServerProcess(String binary, String debianPackage) {
        this.binary = binary;
        this.debianPackage = debianPackage;
        this.executable = locate(binary);
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

    /** Readies an empty data directory (a database's initdb) before a launch; nothing by default. */
    void prepare(Path dataDir) {}

    /** True when {@code dataDir} is ready for a launch; {@link #prepare} runs otherwise. */
    boolean prepared(Path dataDir) {
        return true;
    }

    /** The server's binary, found on PATH or where Debian puts servers. */
    Path executable() {
        return executable;
    }

    /** A tool of the same installation as the server (initdb beside postgres), or on PATH. */
    Path sibling(String tool) {
        Path beside = executable.resolveSibling(tool);
        return Files.isExecutable(beside) ? beside : locate(tool);
    }

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

    /**
     * SIGKILL: the server gets no chance to flush or say goodbye; nor do the processes it started
     * (PostgreSQL's backends would otherwise go on answering their open connections).
     */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        process.toHandle().destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
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
        if (!prepared(dataDir)) {
            prepare(dataDir);
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

    /** Runs a tool to its end (initdb), failing with its output when it fails. */
    static void run(List<String> command, Path log) {
        try {
            Process tool = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!tool.waitFor(2, TimeUnit.MINUTES) || tool.exitValue() != 0) {
                tool.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; log:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.getFirst(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    Path log() {
        return log;
    }

    /** Runs SQL statements one after the other on a database server of the tests. */
    static void executeSql(String jdbcUrl, String user, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the database refused: " + e.getMessage(), e);
        }
    }

    /** Debian's PostgreSQL binaries, newest version first. */
    private static Stream<String> postgresDirs() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Stream.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(version -> version.resolve("bin").toString())
                    .sorted(Comparator.reverseOrder()).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private Path locate(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(Stream.of(path.split(File.pathSeparator)), SERVER_DIRS.stream(), postgresDirs())
                .flatMap(dirs -> dirs)
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not on PATH; install the Debian package "
                        + debianPackage + " (apt-get install " + debianPackage + ")"));
    }

    /** A port nobody listens on right now; another process may take it before we do, hence the retries. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
