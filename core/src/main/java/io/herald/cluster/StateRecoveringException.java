package io.herald.cluster;

/**
 * The store lost its data (restarted empty, flushed, failed over to a replica that lost writes)
 * and the nodes are writing their parts back: until every live node has had a lease's time to do
 * so, its answers would be partial, so it refuses to answer and to record changes. A
 * {@link ClusterState} future completes exceptionally with it; the caller retries after
 * {@link #retryAfterMillis()}.
 */
public final class StateRecoveringException extends RuntimeException {

    private final long retryAfterMillis;

    public StateRecoveringException(long retryAfterMillis) {
        super("the cluster state is recovering from a loss of its data; retry in " + retryAfterMillis + " ms");
        this.retryAfterMillis = retryAfterMillis;
    }

    /** How long the recovery still lasts, at most. */
    public long retryAfterMillis() {
        return retryAfterMillis;
    }
}
