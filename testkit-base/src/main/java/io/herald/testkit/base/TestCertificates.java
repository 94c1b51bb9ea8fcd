package io.herald.testkit.base;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time, and the server certificates it issues for
 * {@code localhost} and {@code 127.0.0.1}, written as the PEM files a Kubernetes TLS secret holds.
 * Clients trust the authority through {@link #clientContext()} or {@link #writeTrustStore}.
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keys) {

        public BigInteger serial() {
            return certificate.getSerialNumber();
        }
    }

    /** How the private key is written: PKCS#8, or the key type's own format (PKCS#1 for RSA, SEC1 for EC). */
    public enum KeyFormat { PKCS8, TRADITIONAL }

    private final Issued authority;

    private TestCertificates(Issued authority) {
        this.authority = authority;
    }

    /** A new self-signed authority. */
    public static TestCertificates authority(String name) {
        try {
            KeyPair keys = ecKeys();
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(2));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new TestCertificates(new Issued(sign(builder, keys), keys));
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test certificate authority", e);
        }
    }

    public X509Certificate certificate() {
        return authority.certificate();
    }

    /** A server certificate for localhost and 127.0.0.1 with an EC P-256 key. */
    public Issued issue(String commonName) {
        return issue(commonName, false);
    }

    /** The same with a 2048-bit RSA key. */
    public Issued issueRsa(String commonName) {
        return issue(commonName, true);
    }

    private Issued issue(String commonName, boolean rsa) {
        try {
            KeyPair keys = rsa ? rsaKeys() : ecKeys();
            X509v3CertificateBuilder builder = builder(new X500Name(authority.certificate().getSubjectX500Principal().getName()),
                    new X500Name("CN=" + commonName), keys, Duration.ofDays(1));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
            return new Issued(sign(builder, authority.keys()), keys);
        } catch (GeneralSecurityException | IOException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("cannot issue a test certificate", e);
        }
    }

    /**
     * Writes the certificate followed by the authority (the chain) and the key, each replacing
     * its file in one move, as a rotated Kubernetes secret does.
     */
    public void write(Issued issued, KeyFormat format, Path certFile, Path keyFile) {
        replace(certFile, pem(issued.certificate()) + pem(authority.certificate()));
        replace(keyFile, format == KeyFormat.PKCS8 ? pkcs8Pem(issued.keys().getPrivate()) : traditionalPem(issued.keys()));
    }

    /** Replaces {@code file} with {@code text} in one move (a reader never sees half a file). */
    public static void replace(Path file, String text) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, text);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client TLS context that trusts this authority only. */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 trust store holding this authority, for clients that read {@code javax.net.ssl.trustStore}. */
    public void writeTrustStore(Path file, char[] password) {
        try (var out = Files.newOutputStream(file)) {
            trustStore().store(out, password);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore trustStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("herald-test-ca", authority.certificate());
        return store;
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys, Duration validity) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
            throws GeneralSecurityException, org.bouncycastle.operator.OperatorCreationException {
        String algorithm = issuerKeys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKeys.getPrivate())));
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static KeyPair rsaKeys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, RANDOM);
        return generator.generateKeyPair();
    }

    /** PEM of a certificate, or of anything else BouncyCastle's PEM writer knows. */
    public static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * PEM of a private key in its type's own format, as OpenSSL and cert-manager write it: PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}, with its curve and
     * public key, which the JDK's encoding leaves to the outer PKCS#8 wrapper).
     */
    public static String traditionalPem(KeyPair keys) {
        if (!keys.getPrivate().getAlgorithm().equals("EC")) {
            return pem(keys.getPrivate());
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            ECPrivateKey full = new ECPrivateKey(256, inner.getKey(),
                    SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return pem(new PemObject("EC PRIVATE KEY", full.getEncoded()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** PEM of a private key as PKCS#8 ({@code BEGIN PRIVATE KEY}). */
    public static String pkcs8Pem(java.security.PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }
}
