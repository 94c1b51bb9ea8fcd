package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.node.HeraldNode;
import io.herald.testkit.base.TestCertificates;
import io.netty.handler.ssl.OpenSsl;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS on a real node: wss and https with a certificate from PEM files, reloaded when they change. */
class ServerTlsTest {

    private static final TestCertificates CA = TestCertificates.authority("Herald Test CA");

    @TempDir
    Path dir;

    private Path cert() {
        return dir.resolve("tls.crt");
    }

    private Path key() {
        return dir.resolve("tls.key");
    }

    private HeraldNode startNode(String... overrides) {
        List<String> settings = new ArrayList<>(List.of("server.host=127.0.0.1", "server.port=0", "metrics.host=127.0.0.1",
                "metrics.port=0", "server.tls.enabled=true", "server.tls.cert-file=" + cert(), "server.tls.key-file=" + key()));
        settings.addAll(List.of(overrides));
        return HeraldNode.start(new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), settings)));
    }

    /** The certificate a new TLS handshake with {@code port} presents. */
    private static X509Certificate presented(int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) CA.clientContext().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static HttpClient https() {
        return HttpClient.newBuilder().sslContext(CA.clientContext()).build();
    }

    private static int status(HttpClient client, String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void servesWssAndHttpsWithTheCertificateFromThePemFiles() throws Exception {
        TestCertificates.Issued issued = CA.issueRsa("herald-node");
        CA.write(issued, TestCertificates.KeyFormat.TRADITIONAL, cert(), key());
        try (HeraldNode node = startNode()) {
            assertThat(presented(node.port()).getSerialNumber()).isEqualTo(issued.serial());
            assertThat(status(https(), "https://127.0.0.1:" + node.port() + "/health")).isEqualTo(200);
            assertThat(status(HttpClient.newHttpClient(), "http://127.0.0.1:" + node.metricsPort() + "/ready"))
                    .as("metrics stay plain unless metrics.tls").isEqualTo(200);

            List<String> frames = new CopyOnWriteArrayList<>();
            WebSocket socket = https().newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), recorder(frames)).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty());
            assertThat(frames.getFirst()).startsWith("{\"event\":\"pusher:connection_established\"");
            socket.abort();

            assertThatThrownBy(() -> status(HttpClient.newHttpClient(), "http://127.0.0.1:" + node.port() + "/health"))
                    .as("plain HTTP on the TLS port").isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aRotatedCertificateIsUsedForNewConnectionsWhileOpenOnesStay() throws Exception {
        CA.write(CA.issue("first"), TestCertificates.KeyFormat.PKCS8, cert(), key());
        try (HeraldNode node = startNode("server.tls.reload-interval=1")) {
            List<String> frames = new CopyOnWriteArrayList<>();
            WebSocket open = https().newWebSocketBuilder()
                    .buildAsync(URI.create("wss://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), recorder(frames)).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty());

            TestCertificates.Issued second = CA.issue("second");
            CA.write(second, TestCertificates.KeyFormat.TRADITIONAL, cert(), key());
            await().atMost(Duration.ofSeconds(10)).until(() -> presented(node.port()).getSerialNumber().equals(second.serial()));
            assertThat(presented(node.port()).getSubjectX500Principal().getName()).isEqualTo("CN=second");

            open.sendText("{\"event\":\"pusher:ping\",\"data\":{}}", true).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream().anyMatch(f -> f.contains("pusher:pong")));
            assertThat(open.isInputClosed()).as("the connection made before the rotation is still open").isFalse();
            open.abort();
        }
    }

    @Test
    void filesThatDoNotLoadAreReportedAndTheCurrentCertificateStays() throws Exception {
        TestCertificates.Issued first = CA.issue("first");
        CA.write(first, TestCertificates.KeyFormat.PKCS8, cert(), key());
        try (HeraldNode node = startNode("server.tls.reload-interval=0")) {
            ServerTls tls = node.tls().orElseThrow();

            TestCertificates.Issued other = CA.issue("other");
            TestCertificates.replace(key(), TestCertificates.traditionalPem(other.keys()));
            assertThat(tls.reloadIfChanged()).as("a key that is not the certificate's").isFalse();
            TestCertificates.replace(cert(), "garbage");
            assertThat(tls.reloadIfChanged()).isFalse();
            Files.delete(cert());
            assertThat(tls.reloadIfChanged()).isFalse();

            assertThat(presented(node.port()).getSerialNumber()).isEqualTo(first.serial());
            assertThat(node.metrics().scrape()).contains("herald_tls_reload_failures_total 3.0");

            CA.write(other, TestCertificates.KeyFormat.PKCS8, cert(), key());
            assertThat(tls.reloadIfChanged()).isTrue();
            assertThat(tls.reloadIfChanged()).as("unchanged files").isFalse();
            assertThat(presented(node.port()).getSerialNumber()).isEqualTo(other.serial());
            assertThat(node.metrics().scrape()).contains("herald_tls_certificate_expiry_timestamp_seconds "
                    + (double) (other.certificate().getNotAfter().getTime() / 1000));
        }
    }

    @Test
    void theMetricsPortServesTlsWhenAskedTo() throws Exception {
        TestCertificates.Issued issued = CA.issue("node");
        CA.write(issued, TestCertificates.KeyFormat.PKCS8, cert(), key());
        try (HeraldNode node = startNode("server.tls.enabled=false", "metrics.tls=true")) {
            assertThat(status(https(), "https://127.0.0.1:" + node.metricsPort() + "/metrics")).isEqualTo(200);
            assertThat(status(HttpClient.newHttpClient(), "http://127.0.0.1:" + node.port() + "/health")).isEqualTo(200);
        }
    }

    @Test
    void aCertificateThatDoesNotLoadStopsTheStartNamingTheFile() {
        CA.write(CA.issue("one"), TestCertificates.KeyFormat.PKCS8, cert(), key());
        TestCertificates.replace(key(), TestCertificates.traditionalPem(CA.issue("two").keys()));
        assertThatThrownBy(this::startNode).hasMessage("server.tls: " + key() + " is not the private key of the certificate in " + cert());
    }

    @Test
    void usesBoringSslWhereItsNativeLibraryShips() {
        String arch = System.getProperty("os.arch");
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux") && (arch.equals("amd64") || arch.equals("aarch64")));
        assertThat(OpenSsl.isAvailable()).as("BoringSSL: %s", OpenSsl.unavailabilityCause()).isTrue();
        assertThat(ServerTls.provider()).isEqualTo(io.netty.handler.ssl.SslProvider.OPENSSL);
    }

    private static WebSocket.Listener recorder(List<String> frames) {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                frames.add(data.toString());
                webSocket.request(1);
                return null;
            }
        };
    }
}
