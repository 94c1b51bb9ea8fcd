package io.herald.bus;

/**
 * Receives the messages of the topics a node is interested in, and the bus's connection state.
 * Called on the driver's threads: implementations hand the work to the right event loop and
 * return at once.
 */
public interface BusListener {

    void onMessage(BusMessage message);

    /**
     * The bus lost ({@code false}) or regained ({@code true}) its connection. After regaining it the
     * driver has already resubscribed every current interest; messages published while it was
     * down are lost (the bus is not a queue).
     */
    default void onConnectionChanged(boolean connected) {}
}
