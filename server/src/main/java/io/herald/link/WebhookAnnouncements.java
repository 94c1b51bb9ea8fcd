package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.cluster.Transition;
import io.herald.outbox.WebhookEmitter;
import io.herald.webhook.WebhookEvent;

/**
 * Transitions as webhook events for the outbox: channel_occupied, channel_vacated,
 * subscription_count, member_added and member_removed. Users coming online or going offline make
 * no webhook.
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
            case Transition.UserOnline t -> { }
            case Transition.UserOffline t -> { }
        }
    }
}
