package io.herald.transport;

import io.herald.config.HeraldConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS for the node's listeners from the configured PEM files ({@code server.tls}). Every
 * {@code reload-interval} seconds the files are read again; when their content changed and they
 * load, new connections get the new certificate while open ones keep the one they shook hands
 * with. Files that do not load (a rotation caught half-way, a broken secret) are logged once and
 * the current certificate stays.
 *
 * <p>The provider is BoringSSL (netty-tcnative) where its native library loads, which handshakes
 * with less CPU and keeps less heap per connection than the JDK's SSLEngine; the JDK provider
 * otherwise. Contexts are not reference-counted, so one that is replaced is freed once its last
 * connection closes.
 */
public final class ServerTls implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final Duration EXPIRY_WARNING = Duration.ofDays(7);

    /** What the listeners use now. */
    private record Loaded(SslContext context, TlsCredentials credentials) {}

    /** Called with each certificate taken into use, and with every reload that failed. */
    public interface Listener {
        void loaded(X509Certificate certificate);

        void reloadFailed();
    }

    private final Path certFile;
    private final Path keyFile;
    private final Listener listener;
    private final ScheduledExecutorService reloader;
    private volatile Loaded current;
    private String rejectedFingerprint;

    private ServerTls(Path certFile, Path keyFile, Listener listener, Loaded first, Duration reloadInterval) {
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.listener = listener;
        this.current = first;
        if (reloadInterval.isZero()) {
            this.reloader = null;
        } else {
            this.reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "herald-tls-reload");
                thread.setDaemon(true);
                return thread;
            });
            long millis = reloadInterval.toMillis();
            reloader.scheduleWithFixedDelay(this::reloadQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Loads the certificate; fails with a message naming the key and the file when it cannot. */
    public static ServerTls start(HeraldConfig.Tls config, Listener listener) {
        Path certFile = Path.of(config.certFile());
        Path keyFile = Path.of(config.keyFile());
        Loaded first;
        try {
            first = load(certFile, keyFile);
        } catch (TlsCredentials.InvalidCredentialsException | IOException e) {
            throw new IllegalStateException("server.tls: " + e.getMessage(), e);
        }
        LOG.info("TLS with {} ({} provider)", describe(first.credentials().certificate()), provider());
        if (!OpenSsl.isAvailable()) {
            LOG.info("BoringSSL is unavailable here ({}); TLS uses the JDK's provider", OpenSsl.unavailabilityCause().toString());
        }
        warnIfExpiring(first.credentials().certificate());
        listener.loaded(first.credentials().certificate());
        return new ServerTls(certFile, keyFile, listener, first, Duration.ofSeconds(config.reloadInterval()));
    }

    /** Reads and checks the configured files without starting anything; for {@code herald config check}. */
    public static TlsCredentials read(HeraldConfig.Tls config) throws TlsCredentials.InvalidCredentialsException, IOException {
        return readCredentials(Path.of(config.certFile()), Path.of(config.keyFile()));
    }

    /** The context for a connection accepted now. */
    public SslContext context() {
        return current.context();
    }

    /** The certificate new connections get. */
    public X509Certificate certificate() {
        return current.credentials().certificate();
    }

    /** Reads the files; when their content changed and they load, switches to them. True when it switched. */
    public synchronized boolean reloadIfChanged() {
        byte[] certPem;
        byte[] keyPem;
        try {
            certPem = Files.readAllBytes(certFile);
            keyPem = Files.readAllBytes(keyFile);
        } catch (IOException e) {
            rejected("(unreadable)", "cannot read " + e.getMessage());
            return false;
        }
        String fingerprint = TlsCredentials.fingerprint(certPem, keyPem);
        if (fingerprint.equals(current.credentials().fingerprint()) || fingerprint.equals(rejectedFingerprint)) {
            return false;
        }
        try {
            TlsCredentials credentials = TlsCredentials.parse(certPem, certFile.toString(), keyPem, keyFile.toString());
            current = new Loaded(context(credentials), credentials);
        } catch (TlsCredentials.InvalidCredentialsException | SSLException e) {
            rejected(fingerprint, e.getMessage());
            return false;
        }
        rejectedFingerprint = null;
        X509Certificate certificate = current.credentials().certificate();
        LOG.info("TLS certificate reloaded: new connections get {}", describe(certificate));
        warnIfExpiring(certificate);
        listener.loaded(certificate);
        return true;
    }

    /** Logs and counts each bad content once, however many checks find it. */
    private void rejected(String fingerprint, String reason) {
        if (!fingerprint.equals(rejectedFingerprint)) {
            listener.reloadFailed();
            rejectedFingerprint = fingerprint;
            LOG.warn("TLS certificate files changed but do not load; keeping {}: {}",
                    describe(current.credentials().certificate()), reason);
        }
    }

    private void reloadQuietly() {
        try {
            reloadIfChanged();
        } catch (RuntimeException e) {
            LOG.warn("TLS certificate reload failed; keeping the current one", e);
        }
    }

    private static Loaded load(Path certFile, Path keyFile) throws TlsCredentials.InvalidCredentialsException, IOException {
        TlsCredentials credentials = readCredentials(certFile, keyFile);
        return new Loaded(context(credentials), credentials);
    }

    private static TlsCredentials readCredentials(Path certFile, Path keyFile)
            throws TlsCredentials.InvalidCredentialsException, IOException {
        return TlsCredentials.parse(Files.readAllBytes(certFile), certFile.toString(), Files.readAllBytes(keyFile), keyFile.toString());
    }

    private static SslContext context(TlsCredentials credentials) throws SSLException {
        return SslContextBuilder.forServer(credentials.key(), credentials.chain().toArray(X509Certificate[]::new))
                .sslProvider(provider())
                .build();
    }

    static SslProvider provider() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }

    private static String describe(X509Certificate certificate) {
        return "certificate " + certificate.getSubjectX500Principal().getName() + " (serial "
                + certificate.getSerialNumber().toString(16) + ", valid until " + certificate.getNotAfter().toInstant() + ")";
    }

    private static void warnIfExpiring(X509Certificate certificate) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (Instant.now().plus(EXPIRY_WARNING).isAfter(notAfter)) {
            LOG.warn("The TLS certificate {} expires at {}", certificate.getSubjectX500Principal().getName(), notAfter);
        }
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.shutdownNow();
        }
    }
}
