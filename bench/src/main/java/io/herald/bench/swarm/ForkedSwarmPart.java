package io.herald.bench.swarm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * Subscribers in a child JVM running this jar's hidden {@code worker} command, for runs that need
 * more sockets than one process may open. The child speaks {@link WorkerLine}s on stdout; its
 * stderr goes to ours.
 */
public final class ForkedSwarmPart implements SwarmPart {

    private final SwarmSpec spec;
    private final List<String> jvmOptions;
    private final CompletableFuture<SwarmReport> report = new CompletableFuture<>();
    private volatile SwarmStatus latest;
    /** Latencies from status lines not yet taken; guarded by itself. */
    private final Histogram interval = SwarmReport.emptyHistogram();
    private Process process;

    public ForkedSwarmPart(SwarmSpec spec, List<String> jvmOptions) {
        this.spec = spec;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.latest = new SwarmStatus(spec.connections(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    @Override
    public void start() {
        try {
            process = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a bench worker process", e);
        }
        Thread reader = new Thread(this::readLines, "bench-worker-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    private List<String> command() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>();
        command.add(java);
        command.add("--enable-native-access=ALL-UNNAMED");
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.herald.bench.BenchCommand",
                "worker", "--spec", WorkerLine.specJson(spec)));
        return command;
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.startsWith("{")) {
                    continue;
                }
                WorkerLine parsed = WorkerLine.parse(line);
                if (parsed.status() != null) {
                    latest = parsed.status();
                }
                if (parsed.latencyInterval() != null) {
                    Histogram recent = SwarmReport.decode(parsed.latencyInterval());
                    synchronized (interval) {
                        interval.add(recent);
                    }
                }
                if (parsed.report() != null) {
                    latest = parsed.report().status();
                    report.complete(parsed.report());
                }
            }
        } catch (IOException e) {
            report.completeExceptionally(e);
        }
        report.completeExceptionally(new IllegalStateException("bench worker " + process.pid() + " exited without a report"));
    }

    @Override
    public SwarmStatus status() {
        return latest;
    }

    @Override
    public Histogram takeLatencyInterval() {
        synchronized (interval) {
            Histogram taken = interval.copy();
            interval.reset();
            return taken;
        }
    }

    @Override
    public SwarmReport stop(Duration timeout) {
        try {
            Writer stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            stdin.write(WorkerLine.STOP + "\n");
            stdin.flush();
        } catch (IOException e) {
            // The worker is gone already; its report, if any, is still read below.
        }
        try {
            SwarmReport result = report.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            process.waitFor(5, TimeUnit.SECONDS);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for bench worker " + process.pid(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("bench worker " + process.pid() + " sent no report within " + timeout, e);
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
