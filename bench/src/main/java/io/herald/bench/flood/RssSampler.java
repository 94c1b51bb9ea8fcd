package io.herald.bench.flood;

import io.herald.bench.server.ProcFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads VmRSS of a process every {@code intervalMillis} on a daemon thread and keeps the highest
 * value seen; {@link #now()} reads it once more.
 */
final class RssSampler implements AutoCloseable {

    private final Path status;
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    RssSampler(long pid, long intervalMillis) {
        this.status = Path.of("/proc", Long.toString(pid), "status");
        now();
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    now();
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException processGone) {
                    return;
                }
            }
        }, "rss-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** The process's resident set now, in bytes; counts towards the peak. */
    long now() {
        try {
            long rss = ProcFiles.parseRssBytes(Files.readString(status, StandardCharsets.US_ASCII));
            peak.accumulateAndGet(rss, Math::max);
            return rss;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status + " (did the server exit?)", e);
        }
    }

    long peak() {
        return peak.get();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
