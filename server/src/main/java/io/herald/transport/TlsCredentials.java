package io.herald.transport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A certificate chain and its private key as read from PEM files (a Kubernetes TLS secret's
 * {@code tls.crt} and {@code tls.key}), checked to belong together: a pair caught half-way through
 * a rotation is refused instead of failing every handshake.
 *
 * <p>Keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 ({@code BEGIN RSA PRIVATE KEY},
 * cert-manager's default) or SEC1 ({@code BEGIN EC PRIVATE KEY}), unencrypted.
 */
public record TlsCredentials(List<X509Certificate> chain, PrivateKey key, String fingerprint) {

    /** A file that does not hold a usable certificate or key; the message says which and why. */
    public static final class InvalidCredentialsException extends Exception {
        InvalidCredentialsException(String message) {
            super(message);
        }
    }

    public TlsCredentials {
        chain = List.copyOf(chain);
    }

    /** The node's own certificate, the first of the chain. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }

    /** Parses the two files' contents; {@code certName} and {@code keyName} name them in messages. */
    public static TlsCredentials parse(byte[] certPem, String certName, byte[] keyPem, String keyName)
            throws InvalidCredentialsException {
        List<X509Certificate> chain = certificates(certPem, certName);
        PrivateKey key = privateKey(keyPem, keyName);
        checkPair(chain.getFirst(), key, certName, keyName);
        return new TlsCredentials(chain, key, fingerprint(certPem, keyPem));
    }

    /** A digest of both files' contents: equal contents, equal fingerprints. */
    public static String fingerprint(byte[] certPem, byte[] keyPem) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(certPem);
            sha256.update((byte) 0);
            sha256.update(keyPem);
            return HexFormat.of().formatHex(sha256.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static List<X509Certificate> certificates(byte[] pem, String name) throws InvalidCredentialsException {
        try {
            List<X509Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new InvalidCredentialsException(name + " holds no PEM certificate");
            }
            return chain;
        } catch (GeneralSecurityException e) {
            throw new InvalidCredentialsException(name + " is not a PEM certificate chain: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(byte[] pem, String name) throws InvalidCredentialsException {
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo()); // a SEC1 key may leave out its public half
                }
            }
            throw new InvalidCredentialsException(name + " holds no unencrypted PEM private key"
                    + " (BEGIN PRIVATE KEY, BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
        } catch (IOException | RuntimeException e) {
            throw new InvalidCredentialsException(name + " is not a PEM private key: " + e.getMessage());
        }
    }

    /** Signs a random challenge with the key and verifies it with the certificate's public key. */
    private static void checkPair(X509Certificate certificate, PrivateKey key, String certName, String keyName)
            throws InvalidCredentialsException {
        PublicKey publicKey = certificate.getPublicKey();
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())) {
            throw new InvalidCredentialsException(keyName + " is a " + key.getAlgorithm() + " key but the certificate in "
                    + certName + " is for a " + publicKey.getAlgorithm() + " key");
        }
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "RSA" -> "SHA256withRSA";
                case "EC" -> "SHA256withECDSA";
                case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
                default -> throw new InvalidCredentialsException(keyName + ": unsupported key type " + key.getAlgorithm());
            };
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new InvalidCredentialsException(keyName + " is not the private key of the certificate in " + certName);
            }
        } catch (GeneralSecurityException e) {
            throw new InvalidCredentialsException(keyName + " does not match the certificate in " + certName + ": " + e.getMessage());
        }
    }
}
