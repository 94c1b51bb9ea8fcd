package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.protocol.PusherMessages;
import java.util.List;

/**
 * Transitions as Pusher messages to the clients of every node: member_added and member_removed to
 * a presence channel's subscribers, subscription_count to a channel's (when the app asks for it),
 * watchlist online and offline events to a user's watchers.
 */
public final class ClientAnnouncements implements TransitionListener {

    private final BusRelay relay;

    public ClientAnnouncements(BusRelay relay) {
        this.relay = relay;
    }

    @Override
    public void announced(AppConfig app, Transition transition, String exceptSocketId) {
        switch (transition) {
            case Transition.MemberAdded t -> relay.presenceChange(app.id(), t.channel(),
                    PusherMessages.memberAdded(t.channel(), t.userId(), t.userInfoJson()), t.userId(), t.version(), exceptSocketId);
            case Transition.MemberRemoved t -> relay.presenceChange(app.id(), t.channel(),
                    PusherMessages.memberRemoved(t.channel(), t.userId()), t.userId(), t.version(), null);
            case Transition.SubscriptionCountChanged t -> {
                if (app.subscriptionCount() && t.subscriptionCount() > 0) {
                    relay.toChannel(app.id(), t.channel(),
                            PusherMessages.subscriptionCount(t.channel(), (int) t.subscriptionCount()), null);
                }
            }
            case Transition.UserOnline t -> relay.toWatchers(app.id(), t.userId(),
                    PusherMessages.watchlistEvents("online", List.of(t.userId())));
            case Transition.UserOffline t -> relay.toWatchers(app.id(), t.userId(),
                    PusherMessages.watchlistEvents("offline", List.of(t.userId())));
            case Transition.ChannelOccupied t -> { }
            case Transition.ChannelVacated t -> { }
        }
    }
}
