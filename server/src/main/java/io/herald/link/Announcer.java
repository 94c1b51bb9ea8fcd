package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.channel.LocalChannels;
import io.herald.channel.SubscriptionCounts;
import io.herald.cluster.Transition;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The one place where the transitions the cluster state decided are announced: to this node's
 * {@link TransitionListener}s, in order (webhooks first, then clients once the webhooks are
 * durable). Subscription counts pass
 * through {@link SubscriptionCounts}, which paces them per channel. Nothing else in the node
 * emits member_added, member_removed, subscription_count, watchlist events or the webhooks of
 * occupancy and presence.
 */
public final class Announcer {

    private final AppRegistry apps;
    private final List<TransitionListener> listeners;
    private final SubscriptionCounts counts;

    /**
     * @param timer where paced subscription counts wait for their turn
     * @param listeners told of every transition, in this order
     */
    public Announcer(AppRegistry apps, LocalChannels channels, ScheduledExecutorService timer, LongSupplier clockMillis,
            List<TransitionListener> listeners) {
        this.apps = apps;
        this.listeners = List.copyOf(listeners);
        this.counts = new SubscriptionCounts(channels, timer, clockMillis, this::countDue);
    }

    /**
     * A transition the state reported for an app, when the app is still served: at once when the app
     * is held in memory, else once the store answered.
     */
    public void announce(Transition transition) {
        apps.byId(transition.appId()).thenAccept(app -> app.ifPresent(found -> announce(found, transition, null)));
    }

    /** A transition caused on this node; {@code exceptSocketId} (may be null) is the connection that caused it. */
    public void announce(AppConfig app, Transition transition, String exceptSocketId) {
        if (transition instanceof Transition.SubscriptionCountChanged count) {
            counts.changed(app, count.channel(), count.subscriptionCount());
            return;
        }
        tell(app, transition, exceptSocketId);
    }

    private void countDue(AppConfig app, String channel, int count) {
        tell(app, new Transition.SubscriptionCountChanged(app.id(), channel, count), null);
    }

    private void tell(AppConfig app, Transition transition, String exceptSocketId) {
        for (TransitionListener listener : listeners) {
            listener.announced(app, transition, exceptSocketId);
        }
    }
}
