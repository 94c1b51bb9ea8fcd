package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.debug.DebugTap;

/** Tells the debug stream of an app watched in a console of its channels' and members' transitions. */
public final class DebugAnnouncements implements TransitionListener {

    private final DebugTap debug;

    public DebugAnnouncements(DebugTap debug) {
        this.debug = debug;
    }

    @Override
    public void announced(AppConfig app, Transition transition, String exceptSocketId) {
        if (!debug.watched(app.id())) {
            return;
        }
        switch (transition) {
            case Transition.ChannelOccupied occupied -> debug.emit(app.id(), DebugTap.event("channel_occupied")
                    .put("channel", occupied.channel()));
            case Transition.ChannelVacated vacated -> debug.emit(app.id(), DebugTap.event("channel_vacated")
                    .put("channel", vacated.channel()));
            case Transition.MemberAdded added -> debug.emit(app.id(), DebugTap.event("member_added")
                    .put("channel", added.channel()).put("user_id", added.userId()).put("data", added.userInfoJson()));
            case Transition.MemberRemoved removed -> debug.emit(app.id(), DebugTap.event("member_removed")
                    .put("channel", removed.channel()).put("user_id", removed.userId()));
            case Transition.SubscriptionCountChanged count -> { }
            case Transition.UserOnline online -> { }
            case Transition.UserOffline offline -> { }
        }
    }
}
