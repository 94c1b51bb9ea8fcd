package io.herald.node;

/**
 * The stages of a node's shutdown, in the order they run. Each part of a node registers the step
 * it must take in its stage ({@link ShutdownSequence#add}); a part added later finds its place
 * here rather than in the middle of {@link HeraldNode#close}.
 *
 * <p>The order is what keeps webhooks and clients safe: clients leave before the listeners close;
 * the node leaves the cluster before the outbox is flushed, since leaving decides transitions
 * (the last member of a user anywhere, a channel vacated everywhere) whose webhooks go to the
 * outbox; those are queued before the sender stops, and the queue closes last.
 */
public enum ShutdownStage {
    /** Readiness off, new WebSocket connections refused; the HTTP API keeps serving. */
    STOP_ACCEPTING,
    /** Clients are told to reconnect (4200) in groups spread over the drain window. */
    DRAIN_CLIENTS,
    /** The listeners close and the event loops stop. */
    STOP_LISTENING,
    /** The node's part of the shared cluster state (members, subscriptions, lease) is given up. */
    RELEASE_CLUSTER_STATE,
    /** Debounced events and open batches are handed to the durable queue. */
    FLUSH_OUTBOX,
    /** The in-process sender stops leasing and finishes, or returns, the jobs it holds. */
    STOP_SENDER,
    /** The webhook queue closes; nothing is written to it after this. */
    CLOSE_QUEUE,
    /** The app store closes (its database connections and threads); the sender, which reads it, has stopped. */
    CLOSE_APP_STORE
}
