package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import io.herald.testkit.base.TempDirs;
import io.herald.testkit.base.TestCertificates;
import io.herald.testkit.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.apache.http.impl.client.HttpClientBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official clients over TLS: pusher-java-client on wss:// and pusher-http-java on https://,
 * against a node whose certificate comes from PEM files issued by a test authority, and a
 * certificate rotation while clients stay connected.
 */
class TlsIT {

    private static final TestCertificates CA = TestCertificates.authority("Herald IT CA");
    private static final String[] TRUST_PROPERTIES =
            {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};

    private final Path dir = TempDirs.create("herald-tls-");
    private final Map<String, String> savedProperties = new HashMap<>();
    private TestNode node;

    /**
     * pusher-java-client builds its wss:// socket factory from the JVM's default trust store, so
     * the test authority is made that trust store while a test runs.
     */
    @BeforeEach
    void trustTheTestAuthority() {
        Path store = dir.resolve("trust.p12");
        CA.writeTrustStore(store, "changeit".toCharArray());
        for (String property : TRUST_PROPERTIES) {
            savedProperties.put(property, System.getProperty(property));
        }
        System.setProperty("javax.net.ssl.trustStore", store.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterEach
    void cleanUp() {
        if (node != null) {
            node.close();
        }
        savedProperties.forEach((property, value) -> {
            if (value == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, value);
            }
        });
        TempDirs.delete(dir);
    }

    private Path cert() {
        return dir.resolve("tls.crt");
    }

    private Path key() {
        return dir.resolve("tls.key");
    }

    private TestNode startNode(String... overrides) {
        String[] settings = new String[overrides.length + 3];
        settings[0] = "server.tls.enabled=true";
        settings[1] = "server.tls.cert-file=" + cert();
        settings[2] = "server.tls.key-file=" + key();
        System.arraycopy(overrides, 0, settings, 3, overrides.length);
        return TestNode.start(settings);
    }

    private JavaClient connectOverTls() {
        return JavaClient.connect(node, options -> options.setUseTLS(true).setWssPort(node.port()));
    }

    /** The official server SDK calling the API over https, trusting the test authority. */
    private Pusher httpsApi() {
        Pusher sdk = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
        sdk.setHost(TestNode.HOST + ":" + node.port());
        sdk.setEncrypted(true);
        sdk.configureHttpClient(HttpClientBuilder.create().setSSLContext(CA.clientContext()));
        return sdk;
    }

    private static void publish(Pusher sdk, String channel, String event) {
        Result result = sdk.trigger(channel, event, Map.of("n", 1));
        assertThat(result.getStatus()).as("%s: %s", result.getStatus(), result.getMessage()).isEqualTo(Result.Status.SUCCESS);
    }

    private BigInteger presentedSerial() throws Exception {
        try (SSLSocket socket = (SSLSocket) CA.clientContext().getSocketFactory().createSocket(TestNode.HOST, node.port())) {
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }
    }

    @Test
    void officialClientsSubscribeAndPublishOverTls() {
        // An RSA key in PKCS#1, as cert-manager writes it by default.
        CA.write(CA.issueRsa("herald.test"), TestCertificates.KeyFormat.TRADITIONAL, cert(), key());
        node = startNode();
        try (JavaClient client = connectOverTls()) {
            ChannelRecorder news = client.subscribe("news");
            news.awaitSubscribed();
            publish(httpsApi(), "news", "headline");
            assertThat(news.awaitEvent("headline").getData()).isEqualTo("{\"n\":1}");
        }
    }

    @Test
    void aRotatedCertificateReachesNewClientsWhileConnectedOnesStay() throws Exception {
        CA.write(CA.issue("first.herald.test"), TestCertificates.KeyFormat.PKCS8, cert(), key());
        node = startNode("server.tls.reload-interval=1");
        try (JavaClient before = connectOverTls()) {
            ChannelRecorder beforeNews = before.subscribe("news");
            beforeNews.awaitSubscribed();

            TestCertificates.Issued second = CA.issue("second.herald.test");
            CA.write(second, TestCertificates.KeyFormat.TRADITIONAL, cert(), key());
            await("the new certificate in a new handshake").atMost(Duration.ofSeconds(15))
                    .until(() -> presentedSerial().equals(second.serial()));

            try (JavaClient after = connectOverTls()) {
                ChannelRecorder afterNews = after.subscribe("news");
                afterNews.awaitSubscribed();
                publish(httpsApi(), "news", "after-rotation");
                assertThat(afterNews.awaitEvent("after-rotation").getData()).isEqualTo("{\"n\":1}");
                assertThat(beforeNews.awaitEvent("after-rotation").getData()).isEqualTo("{\"n\":1}");
            }
            assertThat(before.states()).as("the client connected before the rotation never dropped")
                    .doesNotContain(ConnectionState.DISCONNECTED, ConnectionState.RECONNECTING);
        }
    }
}
