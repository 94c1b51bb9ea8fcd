package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.outbox.WebhookEmitter;

/**
 * Tells a listener of a transition only once the webhook events announced before it are durable
 * ({@link WebhookEmitter#durable()}): a client that hears of a member, a user online or offline,
 * can count on the webhook of it surviving a crash of this node. Transitions keep their order:
 * the emitter completes its waits in the order they were asked for. Announced after the webhook
 * listener, so the transition's own webhook event is among those waited for. An app without
 * webhook endpoints has nothing to wait for, and its listeners are told at once.
 */
public final class AfterWebhooks implements TransitionListener {

    private final WebhookEmitter webhooks;
    private final TransitionListener listener;

    public AfterWebhooks(WebhookEmitter webhooks, TransitionListener listener) {
        this.webhooks = webhooks;
        this.listener = listener;
    }

    @Override
    public void announced(AppConfig app, Transition transition, String exceptSocketId) {
        if (app.webhooks().isEmpty()) {
            // Nothing of this app's to wait for: its clients should not wait on other apps' writes.
            listener.announced(app, transition, exceptSocketId);
            return;
        }
        webhooks.durable().thenRun(() -> listener.announced(app, transition, exceptSocketId));
    }
}
