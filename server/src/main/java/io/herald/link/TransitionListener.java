package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;

/**
 * Receives every transition the node announces, once per cluster: a channel occupied or vacated, a
 * subscription count when its pace allows, a member added or removed, a user online or offline.
 * The announcements to clients and to the webhook outbox are listeners; so can be anything else
 * that must see the same stream (a debug view, a durable queue of its own).
 *
 * <p>Called on an event loop or a cluster driver's thread, in the order the node learnt of the
 * transitions: implementations must return at once and never throw.
 */
@FunctionalInterface
public interface TransitionListener {

    /**
     * @param exceptSocketId the connection the transition came from, which is not told of it (a
     *     joining member does not get its own member_added), or null
     */
    void announced(AppConfig app, Transition transition, String exceptSocketId);
}
