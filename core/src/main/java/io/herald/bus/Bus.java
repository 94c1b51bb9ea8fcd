package io.herald.bus;

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
     */
    void addInterest(BusTopic topic);

    void removeInterest(BusTopic topic);

    /** Whether the bus is connected to its engine now. */
    boolean connected();

    /** Stops receiving and releases connections. */
    @Override
    void close();
}
