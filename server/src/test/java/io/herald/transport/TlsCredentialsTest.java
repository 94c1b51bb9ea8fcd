package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.testkit.base.TestCertificates;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TlsCredentialsTest {

    private static final TestCertificates CA = TestCertificates.authority("Herald Test CA");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static TlsCredentials parse(String certPem, String keyPem) throws Exception {
        return TlsCredentials.parse(bytes(certPem), "tls.crt", bytes(keyPem), "tls.key");
    }

    @Test
    void readsAChainWithAPkcs1RsaKeyAsCertManagerWritesIt() throws Exception {
        TestCertificates.Issued issued = CA.issueRsa("node");
        String keyPem = TestCertificates.traditionalPem(issued.keys());
        assertThat(keyPem).startsWith("-----BEGIN RSA PRIVATE KEY-----");

        TlsCredentials credentials = parse(TestCertificates.pem(issued.certificate()) + TestCertificates.pem(CA.certificate()), keyPem);

        assertThat(credentials.chain()).containsExactly(issued.certificate(), CA.certificate());
        assertThat(credentials.certificate().getSerialNumber()).isEqualTo(issued.serial());
    }

    @Test
    void readsSec1EcAndPkcs8Keys() throws Exception {
        TestCertificates.Issued issued = CA.issue("node");
        String sec1 = TestCertificates.traditionalPem(issued.keys());
        assertThat(sec1).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(parse(TestCertificates.pem(issued.certificate()), sec1).key().getAlgorithm()).isEqualTo("EC");

        String pkcs8 = TestCertificates.pkcs8Pem(issued.keys().getPrivate());
        assertThat(pkcs8).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(parse(TestCertificates.pem(issued.certificate()), pkcs8).key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void refusesTheKeyOfAnotherCertificate() {
        TestCertificates.Issued one = CA.issue("one");
        TestCertificates.Issued other = CA.issue("other");
        assertThatThrownBy(() -> parse(TestCertificates.pem(one.certificate()), TestCertificates.traditionalPem(other.keys())))
                .isInstanceOf(TlsCredentials.InvalidCredentialsException.class)
                .hasMessage("tls.key is not the private key of the certificate in tls.crt");
        TestCertificates.Issued rsa = CA.issueRsa("rsa");
        assertThatThrownBy(() -> parse(TestCertificates.pem(one.certificate()), TestCertificates.traditionalPem(rsa.keys())))
                .hasMessage("tls.key is a RSA key but the certificate in tls.crt is for a EC key");
    }

    @Test
    void namesTheFileThatHoldsNoCertificateOrKey() {
        TestCertificates.Issued issued = CA.issue("node");
        String key = TestCertificates.traditionalPem(issued.keys());
        assertThatThrownBy(() -> parse("", key)).hasMessage("tls.crt holds no PEM certificate");
        assertThatThrownBy(() -> parse("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n", key))
                .hasMessageStartingWith("tls.crt is not a PEM certificate chain");
        assertThatThrownBy(() -> parse(TestCertificates.pem(issued.certificate()), TestCertificates.pem(issued.certificate())))
                .hasMessageStartingWith("tls.key holds no unencrypted PEM private key");
    }

    @Test
    void theFingerprintChangesWithEitherFile() {
        String a = TlsCredentials.fingerprint(bytes("cert"), bytes("key"));
        assertThat(TlsCredentials.fingerprint(bytes("cert"), bytes("key"))).isEqualTo(a);
        assertThat(TlsCredentials.fingerprint(bytes("cert2"), bytes("key"))).isNotEqualTo(a);
        assertThat(TlsCredentials.fingerprint(bytes("cer"), bytes("tkey"))).isNotEqualTo(a);
    }
}
