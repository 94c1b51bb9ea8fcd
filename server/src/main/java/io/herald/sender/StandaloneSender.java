package io.herald.sender;

import io.herald.app.AppRegistry;
import io.herald.appstore.AppStores;
import io.herald.config.HeraldConfig;
import io.herald.metrics.HeraldMetrics;
import io.herald.transport.HttpListener;
import io.herald.transport.MetricsRouter;
import io.herald.transport.ServerTls;
import io.herald.transport.TlsMetrics;
import io.herald.transport.TransportMetrics;
import io.herald.transport.Transports;
import io.herald.webhook.WebhookQueue;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process that only sends webhooks ({@code herald sender}): a {@link WebhookSender} with the
 * configured sender settings on the given queue, and the metrics port with {@code /metrics}, {@code /health} and
 * {@code /ready}; no WebSocket or HTTP API listener. Owns the queue and closes it last.
 */
public final class StandaloneSender implements AutoCloseable {

    private final WebhookQueue queue;
    private final DebounceCheck debounceCheck;
    private final HeraldMetrics metrics = new HeraldMetrics();
    private final EventLoopGroup loop;
    private HttpListener metricsListener;
    private ServerTls tls;
    private WebhookSender sender;
    private AppRegistry apps;
    private volatile boolean running;
    private final AtomicBoolean closed = new AtomicBoolean();

    private StandaloneSender(HeraldConfig config, WebhookQueue queue, DebounceCheck debounceCheck) {
        this.queue = queue;
        this.debounceCheck = debounceCheck;
        Transports transports = Transports.choose(config.server().transport());
        this.loop = transports.newGroup(1, "herald-metrics");
        if (config.metrics().enabled()) {
            tls = config.metrics().tls() ? ServerTls.start(config.server().tls(), new TlsMetrics(metrics.registry())) : null;
            metricsListener = HttpListener.bind("metrics", transports, loop, loop, config.metrics().host(),
                    config.metrics().port(), 65536, 1 << 20, tls,
                    new HttpListener.Guards(config.server().requestTimeout(), null, new TransportMetrics(metrics.registry())),
                    () -> new MetricsRouter(metrics::scrape, () -> running));
        }
    }

    /** Serves metrics and starts delivering; on failure closes what it opened, the queue included. */
    public static StandaloneSender start(HeraldConfig config, WebhookQueue queue) {
        return start(config, queue, DebounceCheck.NONE);
    }

    /** The same, with the sender's {@link DebounceCheck}, which it owns and closes with the queue. */
    public static StandaloneSender start(HeraldConfig config, WebhookQueue queue, DebounceCheck debounceCheck) {
        StandaloneSender standalone = null;
        try {
            standalone = new StandaloneSender(config, queue, debounceCheck);
            standalone.apps = AppStores.open(config, standalone.metrics.registry());
            standalone.sender = WebhookSender.start(queue, standalone.apps,
                    config.webhooks().sender(), new SenderMetrics(standalone.metrics.registry()), debounceCheck);
            standalone.running = true;
            return standalone;
        } catch (RuntimeException e) {
            if (standalone != null) {
                standalone.close();
            } else {
                queue.close();
                debounceCheck.close();
            }
            throw e;
        }
    }

    /** The bound metrics port, or -1 when metrics are disabled. */
    public int metricsPort() {
        return metricsListener == null ? -1 : metricsListener.port();
    }

    public HeraldMetrics metrics() {
        return metrics;
    }

    /**
     * During {@link #close}: stops waiting for requests in flight; they are cancelled and their
     * jobs returned to the queue (a second SIGTERM).
     */
    public void hurry() {
        running = false;
        if (sender != null) {
            sender.cancelInFlight();
        }
    }

    /**
     * Turns not ready, stops leasing, lets requests in flight finish within the request timeout,
     * returns unfinished jobs to the queue, then closes the listener and the queue.
     */
    @Override
    public void close() {
        running = false;
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (sender != null) {
                sender.close();
            }
        } finally {
            if (metricsListener != null) {
                metricsListener.close();
            }
            if (tls != null) {
                tls.close();
            }
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            queue.close();
            debounceCheck.close();
            if (apps != null) {
                apps.close();
            }
            metrics.close();
        }
    }
}
