/**
 * Small helpers for the {@code CompletableFuture} chains the cluster drivers and the node run on.
 * Depends on the JDK only.
 */
package io.herald.concurrent;
