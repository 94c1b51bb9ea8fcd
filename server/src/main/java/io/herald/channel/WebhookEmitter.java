package io.herald.channel;

import io.herald.app.AppConfig;
import io.herald.webhook.WebhookEvent;

/**
 * Where the realtime side reports the transitions webhooks are made of: first subscriber and last
 * subscriber of a channel, a presence user's first and last connection, client events, cache
 * misses and subscription counts. Called on event loops: must not block.
 */
@FunctionalInterface
public interface WebhookEmitter {

    WebhookEmitter NONE = (app, event) -> { };

    void emit(AppConfig app, WebhookEvent event);
}
