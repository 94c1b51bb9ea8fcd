package io.herald.gateway;

import io.herald.connection.Acknowledgements;
import io.herald.connection.Connection;
import io.herald.outbox.WebhookEmitter;

/**
 * Replies that acknowledge a client's action (subscription_succeeded, a relayed client event,
 * pong, signin_success) leave only once the webhook events they stand for are durable, so a
 * client that was told can count on the webhook surviving a crash of this node. In a cluster that
 * includes the events the shared state decides after the node took the request (occupied, vacated,
 * user online): the reply waits for the decision first ({@link Acknowledgements}). The wait is a
 * group commit of the webhook queue, done off the event loop; apps without webhook endpoints reply
 * at once. A connection's acknowledgements keep their order.
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
        connection.acknowledgements().send(webhooks::durable, reply);
    }
}
