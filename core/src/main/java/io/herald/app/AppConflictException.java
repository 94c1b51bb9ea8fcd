package io.herald.app;

/** A change to the apps of a store that would give an app a key another app has. */
public final class AppConflictException extends RuntimeException {

    public AppConflictException(String message) {
        super(message);
    }
}
