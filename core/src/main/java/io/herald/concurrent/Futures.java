package io.herald.concurrent;

import java.util.concurrent.CompletionException;

/** Helpers for the {@code CompletableFuture} chains the node runs on. */
public final class Futures {

    private Futures() {}

    /**
     * The failure a stage completed with, as thrown where it happened: dependent stages see it
     * wrapped in a {@link CompletionException}.
     */
    public static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
