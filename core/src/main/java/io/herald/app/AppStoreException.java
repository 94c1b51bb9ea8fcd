package io.herald.app;

/** The app store could not answer (database down, timed out, refused the query). */
public final class AppStoreException extends RuntimeException {

    public AppStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
