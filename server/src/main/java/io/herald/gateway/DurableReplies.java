package io.herald.gateway;

import io.herald.connection.Connection;
import io.herald.outbox.WebhookEmitter;

/**
 * Replies that acknowledge a client's action (subscription_succeeded, a relayed client event,
 * pong) leave only once the webhook events the node decided before them are durable, so a client
 * that was told can count on the webhook surviving a crash of this node. The wait is a group
 * commit of the webhook queue, done off the event loop; apps without webhook endpoints reply at
 * once. A connection's acknowledgements keep their order: they all go through the event loop's
 * task queue, in the order the emitter completes its waits, which is the order they were asked for.
 */
final class DurableReplies {

    private final WebhookEmitter webhooks;

    DurableReplies(WebhookEmitter webhooks) {
        this.webhooks = webhooks;
    }

    void reply(Connection connection, Runnable reply) {
        if (connection.app().webhooks().isEmpty()) {
            reply.run();
            return;
        }
        webhooks.durable().thenRun(() -> connection.channel().eventLoop().execute(reply));
    }
}
