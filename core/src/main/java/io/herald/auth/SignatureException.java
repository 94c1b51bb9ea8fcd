package io.herald.auth;

/**
 * A REST request whose authentication failed (HTTP 401). The message is meant for the caller: it
 * may quote what the caller sent and the string it should have signed, never the secret.
 */
public final class SignatureException extends RuntimeException {

    public SignatureException(String message) {
        super(message, null, false, false);
    }
}
