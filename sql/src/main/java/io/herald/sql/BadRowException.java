package io.herald.sql;

/** A row of the apps table that makes no valid app; the app is skipped, the others are served. */
final class BadRowException extends RuntimeException {

    BadRowException(String message) {
        super(message);
    }
}
