package io.herald.outbox;

import io.herald.app.AppConfig;
import io.herald.webhook.WebhookEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the node hands the events webhooks are made of: the announced transitions (occupied,
 * vacated, subscription counts, members added and removed, users online and offline), client
 * events and cache misses. Called on event loops and cluster drivers' threads: must not block.
 * {@link #NONE} serves a node none of whose apps has a webhook endpoint.
 */
public interface WebhookEmitter {

    WebhookEmitter NONE = (app, event) -> { };

    void emit(AppConfig app, WebhookEvent event);

    /**
     * Completes once every event emitted before this call is in the durable queue (or the queue
     * refused it and it is held in memory to be retried), on the emitter's thread or at once.
     * What acknowledges an action to a client waits for it, so nothing a client was told of can be
     * lost by a crash. Never fails.
     */
    default CompletionStage<Void> durable() {
        return CompletableFuture.completedFuture(null);
    }
}
