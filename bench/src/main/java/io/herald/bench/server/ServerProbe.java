package io.herald.bench.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the server process from outside: CPU ticks and RSS from /proc, and the heap in use after
 * a full collection through {@code jcmd} (the JDK's own attach tool, found beside the java running
 * the bench; the server must run as the same user on a compatible JDK).
 */
public final class ServerProbe {

    private static final long JCMD_TIMEOUT_SECONDS = 60;

    private final long pid;
    private final Path jcmd;

    public ServerProbe(long pid) {
        this.pid = pid;
        this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isReadable(Path.of("/proc", Long.toString(pid), "stat"))) {
            throw new IllegalArgumentException("no process " + pid + " (is --server-pid right?)");
        }
    }

    public long pid() {
        return pid;
    }

    public ProcFiles.CpuTicks cpu() {
        return ProcFiles.parseStat(read("stat"));
    }

    /**
     * Nanoseconds the server's live threads have together spent waiting for a CPU while runnable
     * (threads that have ended are not counted). Growing faster than CPU time means the server
     * was starved by other work on the machine, the client included.
     */
    public long runQueueWaitNanos() {
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    total += ProcFiles.parseSchedstatWaitNanos(Files.readString(task.resolve("schedstat")));
                } catch (IOException | IllegalArgumentException e) {
                    // The thread ended between listing and reading.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list /proc/" + pid + "/task (did the server exit?)", e);
        }
        return total;
    }

    public long rssBytes() {
        return ProcFiles.parseRssBytes(read("status"));
    }

    /**
     * Heap in use after two full collections ({@code GC.run}, twice, so objects freed by the
     * first one's reference processing are gone too).
     */
    public long heapUsedAfterGcBytes() {
        jcmd("GC.run");
        jcmd("GC.run");
        return ProcFiles.parseHeapUsedBytes(jcmd("GC.heap_info"));
    }

    /** Clock ticks per second for /proc CPU figures ({@code getconf CLK_TCK}, 100 if that fails). */
    public static long clockTicksPerSecond() {
        try {
            String out = run(List.of("getconf", "CLK_TCK")).trim();
            return Long.parseLong(out);
        } catch (RuntimeException e) {
            return 100;
        }
    }

    private String read(String file) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/" + file + " (did the server exit?)", e);
        }
    }

    private String jcmd(String command) {
        List<String> args = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid), command));
        return run(args);
    }

    private static String run(List<String> command) {
        Path output = null;
        try {
            output = Files.createTempFile("herald-bench-", ".out");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(JCMD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + JCMD_TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command.get(0), e);
        } finally {
            deleteQuietly(output);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file is harmless.
            }
        }
    }
}
