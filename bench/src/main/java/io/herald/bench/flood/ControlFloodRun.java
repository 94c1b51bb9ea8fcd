package io.herald.bench.flood;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * A whole flood: the server's RSS before, the flood with a progress line a second, the RSS when
 * it ended, the close, and the RSS once it settled. The result is a map ready for JSON.
 */
public final class ControlFloodRun implements Callable<Map<String, Object>> {

    private static final long MIB = 1024 * 1024;

    private final URI url;
    private final FloodFrame frame;
    private final int size;
    private final long count;
    private final int receiveBuffer;
    private final int framesPerWrite;
    private final Duration stallTimeout;
    private final Duration settle;
    private final Long serverPid;
    private final PrintStream progress;

    public ControlFloodRun(URI url, FloodFrame frame, int size, long count, int receiveBuffer, int framesPerWrite, Duration stallTimeout,
            Duration settle, Long serverPid, PrintStream progress) {
        this.url = url;
        this.frame = frame;
        this.size = size;
        this.count = count;
        this.receiveBuffer = receiveBuffer;
        this.framesPerWrite = framesPerWrite;
        this.stallTimeout = stallTimeout;
        this.settle = settle;
        this.serverPid = serverPid;
        this.progress = progress;
    }

    @Override
    public Map<String, Object> call() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("url", url.toString());
        result.put("frame", frame.name().toLowerCase(java.util.Locale.ROOT));
        result.put("payloadBytes", size);
        result.put("framesRequested", count);
        result.put("framesPerWrite", framesPerWrite);
        try (RssSampler rss = serverPid == null ? null : new RssSampler(serverPid, 100)) {
            Map<String, Object> memory = new LinkedHashMap<>();
            if (rss != null) {
                memory.put("beforeMiB", rss.now() / (double) MIB);
            }
            ControlFlood flood = new ControlFlood(url, receiveBuffer);
            Thread reporter = startProgress(flood, rss);
            ControlFlood.Outcome outcome;
            try {
                outcome = flood.run(frame, size, count, framesPerWrite, stallTimeout);
            } finally {
                reporter.interrupt();
            }
            if (rss != null) {
                memory.put("atEndMiB", rss.now() / (double) MIB);
            }
            flood.abort();
            if (rss != null) {
                Thread.sleep(settle.toMillis());
                memory.put("afterCloseMiB", rss.now() / (double) MIB);
                memory.put("peakMiB", rss.peak() / (double) MIB);
            }
            result.put("end", outcome.end().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            result.put("detail", outcome.detail());
            result.put("framesSent", outcome.framesSent());
            result.put("seconds", outcome.nanos() / 1e9);
            if (rss != null) {
                result.put("serverPid", serverPid);
                result.put("serverRss", memory);
            }
        }
        return result;
    }

    private Thread startProgress(ControlFlood flood, RssSampler rss) {
        Thread reporter = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    progress.printf("control-flood: %,d %s frames sent%s%n", flood.framesSent(), frame.name().toLowerCase(java.util.Locale.ROOT),
                            rss == null ? "" : String.format(", server RSS %.0f MiB", rss.now() / (double) MIB));
                }
            } catch (InterruptedException | RuntimeException e) {
                // the flood ended, or the server is gone
            }
        }, "flood-progress");
        reporter.setDaemon(true);
        reporter.start();
        return reporter;
    }
}
