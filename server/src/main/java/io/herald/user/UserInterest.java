package io.herald.user;

/**
 * Told when this node starts and stops holding connections of a user or watching it, so that
 * messages for the user published elsewhere reach this node exactly while it has someone to give
 * them to. Called under the user's key lock: implementations must return at once.
 */
public interface UserInterest {

    void firstHolderHere(String appId, String userId);

    void lastHolderGone(String appId, String userId);
}
