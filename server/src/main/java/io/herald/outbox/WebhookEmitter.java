package io.herald.outbox;

import io.herald.app.AppConfig;
import io.herald.webhook.WebhookEvent;

/**
 * Where the node hands the events webhooks are made of: the announced transitions (occupied,
 * vacated, subscription counts, members added and removed), client events and cache misses.
 * Called on event loops and cluster drivers' threads: must not block. {@link #NONE} serves a node
 * none of whose apps has a webhook endpoint.
 */
@FunctionalInterface
public interface WebhookEmitter {

    WebhookEmitter NONE = (app, event) -> { };

    void emit(AppConfig app, WebhookEvent event);
}
