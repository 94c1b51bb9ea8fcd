package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.outbox.WebhookEmitter;
import io.herald.webhook.WebhookEvent;

/**
 * Transitions as webhook events for the outbox: channel_occupied, channel_vacated,
 * subscription_count, member_added, member_removed, user_online and user_offline (the last two
 * only for endpoints that ask for them).
 */
public final class WebhookAnnouncements implements TransitionListener {

    private final WebhookEmitter webhooks;

    public WebhookAnnouncements(WebhookEmitter webhooks) {
        this.webhooks = webhooks;
    }

    @Override
    public void announced(AppConfig app, Transition transition, String exceptSocketId) {
        switch (transition) {
            case Transition.ChannelOccupied t -> webhooks.emit(app, WebhookEvent.channelOccupied(t.channel()));
            case Transition.ChannelVacated t -> webhooks.emit(app, WebhookEvent.channelVacated(t.channel()));
            case Transition.SubscriptionCountChanged t ->
                    webhooks.emit(app, WebhookEvent.subscriptionCount(t.channel(), (int) t.subscriptionCount()));
            case Transition.MemberAdded t -> webhooks.emit(app, WebhookEvent.memberAdded(t.channel(), t.userId()));
            case Transition.MemberRemoved t -> webhooks.emit(app, WebhookEvent.memberRemoved(t.channel(), t.userId()));
            case Transition.UserOnline t -> webhooks.emit(app, WebhookEvent.userOnline(t.userId()));
            case Transition.UserOffline t -> webhooks.emit(app, WebhookEvent.userOffline(t.userId()));
        }
    }
}
