package io.herald.bus;

import java.util.concurrent.CompletionStage;

/**
 * Passes messages between the nodes of a cluster, by interest: a node receives a topic's messages
 * only while it is interested in it, so a channel's events travel only to nodes with subscribers.
 * At most once and unordered across topics; in order per topic from one publisher. Messages are
 * never delivered back to the node that published them.
 *
 * <p>Every method returns at once without blocking on the network; publishing while disconnected
 * drops the message (and counts it). Thread-safe.
 */
public interface Bus extends AutoCloseable {

    /** The driver's name for logs and metrics: memory, redis or nats. */
    String name();

    /** This node's id, the {@code originNodeId} of what it publishes. */
    String nodeId();

    /** Starts receiving; messages of interested topics go to {@code listener}. Called once. */
    void start(BusListener listener);

    void publish(BusMessage message);

    /**
     * Declares interest in a topic. Idempotent: interest is a set, not a count; the caller adds a
     * topic when its first local subscriber arrives and removes it with the last.
     *
     * <p>Completes when a message published from now on by another node reaches this one: the
     * engine confirmed the subscription (Redis), or the subscription was written to the engine's
     * socket ahead of anything this node sends later (NATS). Completes at once when the topic was
     * already wanted, or while disconnected (what is published meanwhile is lost anyway). Never
     * fails for the caller to handle; it may fail when the engine refuses the subscription.
     */
    CompletionStage<Void> addInterest(BusTopic topic);

    void removeInterest(BusTopic topic);

    /** Whether the bus is connected to its engine now. */
    boolean connected();

    /** Stops receiving and releases connections. */
    @Override
    void close();
}
