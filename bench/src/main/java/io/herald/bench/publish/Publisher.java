package io.herald.bench.publish;

import io.herald.bench.client.BenchClock;
import io.herald.bench.client.BenchPayload;
import io.herald.json.JsonText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes bench events through the signed HTTP API at a fixed rate: one event per
 * {@code /events} call, or {@code batch} events per {@code /batch_events} call, the channels
 * taken in turn. The schedule never bursts to catch up: a call due while {@code maxInFlight}
 * calls still await their response is skipped and counted. Each event's data carries its phase,
 * a sequence number and the send time ({@link BenchPayload}).
 */
public final class Publisher implements AutoCloseable {

    /**
     * @param apiBase {@code http://host:port} plus any path prefix the server is configured with
     * @param eventsPerSecond events (not calls) per second
     */
    public record Settings(URI apiBase, String appId, String key, String secret, int channels, String channelPrefix,
            double eventsPerSecond, int batch, int payloadBytes, int maxInFlight, Duration requestTimeout) {}

    private static final long TICK_MICROS = 1_000;

    private final Settings settings;
    private final RestSigner signer;
    private final HttpClient http;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-publisher");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PublishStats warmup;
    private final PublishStats measured;
    private final String path;
    private volatile boolean measuring;
    private ScheduledFuture<?> schedule;
    private long startNanos;
    private long callsDone;
    private long seq;
    private int nextChannel;

    public Publisher(Settings settings) {
        this.settings = settings;
        this.signer = new RestSigner(settings.key(), settings.secret());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout()).build();
        this.warmup = new PublishStats(settings.channels());
        this.measured = new PublishStats(settings.channels());
        String prefix = settings.apiBase().getPath() == null ? "" : settings.apiBase().getPath().replaceAll("/+$", "");
        this.path = prefix + "/apps/" + settings.appId() + (settings.batch() > 1 ? "/batch_events" : "/events");
    }

    public void start() {
        startNanos = System.nanoTime();
        schedule = ticker.scheduleAtFixedRate(this::publishDue, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    }

    /** From the next call on, events belong to the measured phase. */
    public void startMeasuring() {
        measuring = true;
    }

    /** Stops publishing and waits up to {@code timeout} for the answers still outstanding. */
    public void stop(Duration timeout) throws InterruptedException {
        if (schedule != null) {
            schedule.cancel(false);
        }
        ticker.shutdown();
        ticker.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
    }

    /** Events the node accepted so far, warm-up and measured. */
    public long eventsAcceptedSoFar() {
        return warmup.eventsAccepted() + measured.eventsAccepted();
    }

    public PublishStats warmup() {
        return warmup;
    }

    public PublishStats measured() {
        return measured;
    }

    private void publishDue() {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        long due = (long) Math.floor(elapsed * settings.eventsPerSecond() / settings.batch()) + 1;
        while (callsDone < due) {
            callsDone++;
            PublishStats stats = measuring ? measured : warmup;
            if (inFlight.get() >= settings.maxInFlight()) {
                stats.skipped();
            } else {
                send(stats, measuring);
            }
        }
    }

    private void send(PublishStats stats, boolean phaseMeasured) {
        int[] channels = new int[settings.batch()];
        StringBuilder body = new StringBuilder(settings.batch() * (settings.payloadBytes() + 96));
        body.append(settings.batch() > 1 ? "{\"batch\":[" : "");
        for (int i = 0; i < channels.length; i++) {
            channels[i] = nextChannel;
            nextChannel = (nextChannel + 1) % settings.channels();
            String channel = settings.channelPrefix() + channels[i];
            String data = BenchPayload.data(phaseMeasured, seq++, BenchClock.nowMicros(), settings.payloadBytes());
            appendEvent(body.append(i > 0 ? "," : ""), channel, data);
        }
        body.append(settings.batch() > 1 ? "]}" : "");
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        String query = signer.signedQuery("POST", path, bytes, System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(settings.apiBase().resolve(path + "?" + query))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        inFlight.incrementAndGet();
        stats.sent();
        long sentNanos = System.nanoTime();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                stats.failure(cause.getClass().getSimpleName());
            } else if (response.statusCode() / 100 == 2) {
                stats.accepted(channels, (System.nanoTime() - sentNanos) / 1_000);
            } else {
                stats.rejected(response.statusCode(), response.body());
            }
        });
    }

    private void appendEvent(StringBuilder body, String channel, String data) {
        body.append("{\"name\":\"bench\",");
        if (settings.batch() > 1) {
            JsonText.appendQuoted(body.append("\"channel\":"), channel);
        } else {
            JsonText.appendQuoted(body.append("\"channels\":["), channel).append(']');
        }
        JsonText.appendQuoted(body.append(",\"data\":"), data).append('}');
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        http.close();
    }
}
