package io.herald.cluster;

/**
 * The shared store failed: unreachable, or no answer within the command timeout. A
 * {@link ClusterState} future completes exceptionally with it. A change whose reply was lost may
 * still have happened in the store; the node's next {@link ClusterState#reassert} puts its part
 * right, since it writes absolute counts.
 */
public final class ClusterStateException extends RuntimeException {

    public ClusterStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
