package io.herald.gateway;

import static io.herald.gateway.ClientMessage.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.AppConfig;
import io.herald.auth.Signatures;
import io.herald.channel.LocalChannels.Member;
import io.herald.channel.PresenceRoster;
import io.herald.cluster.ClusterState;
import io.herald.cluster.StateRecoveringException;
import io.herald.concurrent.Futures;
import io.herald.connection.Connection;
import io.herald.connection.Subscription;
import io.herald.debug.DebugTap;
import io.herald.link.ClusterLink;
import io.herald.outbox.WebhookEmitter;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.webhook.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code pusher:subscribe} and {@code pusher:unsubscribe} (docs/protocol.md, "Subscribing"): checks
 * the request, then asks the {@link ClusterLink} to subscribe and confirms with what the cluster
 * state answers (the members of a presence channel, the kept event of a cache channel).
 */
final class Subscriptions {

    private final ClusterLink cluster;
    private final WebhookEmitter webhooks;
    private final DurableReplies durableReplies;

    private final DebugTap debug;

    Subscriptions(ClusterLink cluster, WebhookEmitter webhooks, DurableReplies durableReplies, DebugTap debug) {
        this.debug = debug;
        this.cluster = cluster;
        this.webhooks = webhooks;
        this.durableReplies = durableReplies;
    }

    void subscribe(Connection connection, ClientMessage message) {
        JsonNode data = message.dataObject();
        String name = text(data, "channel");
        try {
            subscribe(connection, name, text(data, "auth"), text(data, "channel_data"));
        } catch (SubscriptionError error) {
            refuse(connection, name == null ? "" : name, error);
        }
    }

    private void refuse(Connection connection, String channel, SubscriptionError error) {
        connection.send(PusherMessages.subscriptionError(channel, error.type, error.getMessage(), error.status));
        connection.send(PusherMessages.error(null, error.getMessage()));
        if (debug.watched(connection.app().id())) {
            debug.emit(connection.app().id(), DebugTap.event("subscription_error").put("channel", channel)
                    .put("socket_id", connection.socketId()).put("message", error.getMessage()));
        }
    }

    void unsubscribe(Connection connection, ClientMessage message) {
        String name = text(message.dataObject(), "channel");
        Subscription subscription = name == null ? null : connection.subscription(name);
        if (subscription != null) {
            leave(subscription);
        }
    }

    /** Leaves every channel, as when the connection closes. */
    void leaveAll(Connection connection) {
        for (Subscription subscription : connection.subscriptions()) {
            leave(subscription);
        }
    }

    private void subscribe(Connection connection, String name, String auth, String channelData) {
        AppConfig app = connection.app();
        String problem = ChannelName.problem(name, app.maxChannelNameLength());
        if (problem != null) {
            throw SubscriptionError.badRequest(problem);
        }
        Subscription existing = connection.subscription(name);
        if (existing != null) {
            confirmAgain(connection, existing);
            return;
        }
        if (connection.subscriptionCount() >= app.maxChannelsPerConnection()) {
            throw SubscriptionError.limit(CloseCode.OVER_CAPACITY, "Cannot subscribe to " + name
                    + ": the connection is subscribed to its maximum of " + app.maxChannelsPerConnection() + " channels");
        }
        ChannelKind kind = ChannelName.kind(name);
        Member member = switch (kind) {
            case PUBLIC -> null;
            case USER -> {
                if (!ChannelName.userOf(name).equals(connection.userId())) {
                    throw SubscriptionError.auth("Cannot subscribe to " + name + ": the connection is not signed in as that user");
                }
                yield null;
            }
            case PRIVATE, ENCRYPTED -> {
                verify(connection, auth, connection.socketId() + ":" + name, name);
                yield null;
            }
            case PRESENCE -> presenceMember(connection, name, auth, channelData);
        };
        if (kind.requiresAuth()) {
            connection.markAuthorized();
        }
        Subscription subscription = cluster.subscribe(connection, name, member);
        if (subscription == null) {
            throw SubscriptionError.limit(CloseCode.OVER_CAPACITY,
                    "Cannot subscribe to " + name + ": the presence channel has its maximum of " + app.maxPresenceMembers() + " members");
        }
        if (member != null) {
            joinPresence(connection, subscription, member);
            return;
        }
        confirm(connection, name, PusherMessages.subscriptionSucceeded(name, "{}"));
    }

    /**
     * A presence join: the cluster state decides whether the user is a new member and holds the
     * member list, so the confirmation waits for it. Until then the connection is subscribed here;
     * a full channel or an unreachable state undoes that.
     */
    private void joinPresence(Connection connection, Subscription subscription, Member member) {
        AppConfig app = connection.app();
        String name = subscription.channelName();
        OnConnectionLoop.whenComplete(connection, cluster.joinPresence(subscription, member.userInfoJson()), (join, error) -> {
            if (error != null || join.outcome() == ClusterState.PresenceJoin.Outcome.FULL) {
                undo(connection, subscription);
                refuse(connection, name, error != null
                        ? SubscriptionError.unavailable("Cannot subscribe to " + name + (Futures.unwrap(error) instanceof StateRecoveringException
                                ? ": the cluster's presence state is recovering from a loss of its data; retry in a few seconds"
                                : ": the cluster's presence state is unreachable; retry later"))
                        : SubscriptionError.limit(CloseCode.OVER_CAPACITY, "Cannot subscribe to " + name
                                + ": the presence channel has its maximum of " + app.maxPresenceMembers() + " members"));
                return;
            }
            if (connection.subscription(name) == subscription) {
                // The held events follow the roster, so they wait with it for the webhooks.
                confirm(connection, name, PresenceRoster.subscriptionSucceeded(name, join.members()),
                        () -> releaseHeldEvents(connection, subscription, join.version()));
            }
        });
    }

    /** After the roster: the channel's events that arrived meanwhile and are newer than it, in order. */
    private static void releaseHeldEvents(Connection connection, Subscription subscription, long rosterVersion) {
        if (!subscription.gate().open(rosterVersion, connection::deliver) && !connection.isClosing()) {
            connection.close(CloseCode.OVER_CAPACITY, "Connection closed: it could not keep up with its messages");
        }
    }

    /** Takes back a subscription the cluster refused, unless the connection already left it. */
    private void undo(Connection connection, Subscription subscription) {
        if (connection.subscription(subscription.channelName()) == subscription) {
            cluster.unsubscribe(subscription);
        }
    }

    /** A repeated subscribe: confirmed again with the current members. */
    private void confirmAgain(Connection connection, Subscription subscription) {
        String name = subscription.channelName();
        if (subscription.presenceUserId() == null) {
            confirm(connection, name, PusherMessages.subscriptionSucceeded(name, "{}"));
            return;
        }
        OnConnectionLoop.whenComplete(connection, cluster.presenceRoster(connection.app().id(), name),
                (roster, error) -> confirm(connection, name, PusherMessages.subscriptionSucceeded(name, roster)));
    }

    /**
     * {@code succeeded} (the channel's subscription_succeeded message) once the webhooks of the
     * subscription (occupied, member added) are durable, then for cache channels the kept event or
     * pusher:cache_miss.
     */
    private void confirm(Connection connection, String channel, String succeeded) {
        confirm(connection, channel, succeeded, () -> {});
    }

    /** The same, and then {@code afterConfirmation}, on the connection's loop. */
    private void confirm(Connection connection, String channel, String succeeded, Runnable afterConfirmation) {
        durableReplies.reply(connection, () -> {
            confirmNow(connection, channel, succeeded);
            afterConfirmation.run();
        });
    }

    private void confirmNow(Connection connection, String channel, String succeeded) {
        connection.send(succeeded);
        if (debug.watched(connection.app().id())) {
            debug.emit(connection.app().id(), DebugTap.event("subscribed").put("channel", channel)
                    .put("socket_id", connection.socketId()));
        }
        if (!ChannelName.isCache(channel)) {
            return;
        }
        OnConnectionLoop.whenComplete(connection, cluster.cachedEvent(connection.app().id(), channel), (cached, error) -> {
            if (error != null) {
                cluster.stateFailed(error);
            }
            sendCached(connection, channel, error != null ? Optional.empty() : cached);
        });
    }

    private void sendCached(Connection connection, String channel, Optional<ClusterState.CachedEvent> cached) {
        cached.ifPresentOrElse(
                event -> connection.send(PusherMessages.channelEvent(event.event(), channel, event.data(), null)),
                () -> {
                    connection.send(PusherMessages.cacheMiss(channel));
                    webhooks.emit(connection.app(), WebhookEvent.cacheMiss(channel));
                });
    }

    private Member presenceMember(Connection connection, String name, String auth, String channelData) {
        AppConfig app = connection.app();
        if (channelData == null) {
            if (connection.userId() == null) {
                throw SubscriptionError.badRequest("Cannot subscribe to " + name + ": channel_data is required unless the connection has signed in");
            }
            verify(connection, auth, connection.socketId() + ":" + name, name);
            return checkedMember(app, name, connection.userId(), connection.userInfoJson());
        }
        verify(connection, auth, connection.socketId() + ":" + name + ":" + channelData, name);
        JsonNode parsed;
        try {
            parsed = ClientMessage.JSON.readTree(channelData);
        } catch (JsonProcessingException e) {
            throw SubscriptionError.badRequest("Cannot subscribe to " + name + ": channel_data is not JSON");
        }
        JsonNode userId = parsed == null ? null : parsed.get("user_id");
        if (userId == null || !(userId.isTextual() || userId.isIntegralNumber()) || userId.asText().isEmpty()) {
            throw SubscriptionError.badRequest("Cannot subscribe to " + name + ": channel_data needs a user_id");
        }
        JsonNode info = parsed.get("user_info");
        return checkedMember(app, name, userId.asText(), info == null ? "null" : info.toString());
    }

    private static Member checkedMember(AppConfig app, String name, String userId, String userInfoJson) {
        if (userId.length() > app.maxUserIdLength()) {
            throw SubscriptionError.badRequest("Cannot subscribe to " + name + ": user_id is longer than " + app.maxUserIdLength() + " characters");
        }
        if (userInfoJson.getBytes(StandardCharsets.UTF_8).length > app.maxPresenceMemberSize()) {
            throw SubscriptionError.limit(CloseCode.CLIENT_EVENT_REJECTED,
                    "Cannot subscribe to " + name + ": user_info is larger than " + app.maxPresenceMemberSize() + " bytes");
        }
        return new Member(userId, userInfoJson);
    }

    private static void verify(Connection connection, String auth, String signed, String name) {
        AppConfig app = connection.app();
        if (auth == null || auth.isEmpty()) {
            throw SubscriptionError.auth("Auth info required to subscribe to " + name);
        }
        if (!Signatures.verifyAuth(app, System.currentTimeMillis(), auth, signed)) {
            throw SubscriptionError.auth("Invalid signature: expected HMAC SHA256 hex digest of " + signed + ", but got " + auth);
        }
    }

    private void leave(Subscription subscription) {
        cluster.unsubscribe(subscription);
        Connection connection = subscription.connection();
        if (debug.watched(connection.app().id())) {
            debug.emit(connection.app().id(), DebugTap.event("unsubscribed").put("channel", subscription.channelName())
                    .put("socket_id", connection.socketId()));
        }
    }
}
