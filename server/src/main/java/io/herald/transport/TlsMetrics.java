package io.herald.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The TLS meters: when the certificate new connections get expires, certificates taken into use,
 * and changed certificate files that did not load. The expiry appears with the first certificate,
 * so a node without TLS has no expiry to alert on.
 */
public final class TlsMetrics implements ServerTls.Listener {

    private final MeterRegistry registry;
    private final AtomicLong notAfterSeconds = new AtomicLong();
    private final Counter loads;
    private final Counter reloadFailures;

    public TlsMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.loads = Counter.builder("herald_tls_certificate_loads")
                .description("TLS certificates taken into use, at start and on reloads").register(registry);
        this.reloadFailures = Counter.builder("herald_tls_reload_failures")
                .description("Checks that found changed TLS certificate files that did not load").register(registry);
    }

    @Override
    public void loaded(X509Certificate certificate) {
        Gauge.builder("herald_tls_certificate_expiry_timestamp_seconds", notAfterSeconds, AtomicLong::get)
                .description("When the TLS certificate new connections get expires (Unix time)")
                .register(registry);
        notAfterSeconds.set(certificate.getNotAfter().getTime() / 1000);
        loads.increment();
    }

    @Override
    public void reloadFailed() {
        reloadFailures.increment();
    }
}
