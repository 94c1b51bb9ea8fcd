package io.herald.link;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.bus.Bus;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import io.herald.channel.ChannelFanOut;
import io.herald.channel.ChannelInterest;
import io.herald.connection.Connection;
import io.herald.json.JsonText;
import io.herald.metrics.HeraldMetrics;
import io.herald.transport.TextFrames;
import io.herald.user.UserDirectory;
import io.herald.user.UserInterest;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages between this node's connections and the other nodes': what is published here is
 * delivered to the subscribers here and handed to the bus for the nodes interested in its topic;
 * what arrives from the bus is delivered here. The node is interested in a channel's topic while it
 * has subscribers of it, and in a user's while it holds connections of the user or watching it.
 *
 * <p>Every method returns at once; messages from the bus arrive on the driver's threads and are
 * handed to the connections' event loops by the fan-out and the user directory.
 */
public final class BusRelay implements BusListener, ChannelInterest, UserInterest {

    private static final Logger LOG = LoggerFactory.getLogger(BusRelay.class);
    private static final long CONFIRMATION_WAIT_MILLIS = 2_000;
    /**
     * Where a node announces an app changed through its admin API; every node listens. No app has
     * the id "#herald" (ids are letters, digits, '-', '_' and '.'), so no user topic is the same.
     */
    private static final BusTopic APP_CHANGES = BusTopic.user("#herald", "app-changes");

    private final Bus bus;
    private final AppRegistry apps;
    private final ChannelFanOut fanOut;
    private final UserDirectory users;
    private final HeraldMetrics metrics;
    /** Handles the messages of Herald's own topics (the console's), answering whether it did. */
    private final Predicate<BusMessage> own;
    /** Channel topics whose subscription the bus has not confirmed yet, completed when it has. */
    private final Map<BusTopic, CompletableFuture<Void>> unconfirmed = new ConcurrentHashMap<>();

    public BusRelay(Bus bus, AppRegistry apps, ChannelFanOut fanOut, UserDirectory users, HeraldMetrics metrics,
            Predicate<BusMessage> own) {
        this.own = own;
        this.bus = bus;
        this.apps = apps;
        this.fanOut = fanOut;
        this.users = users;
        this.metrics = metrics;
    }

    /** Starts receiving from the other nodes. */
    public void start() {
        bus.start(this);
        bus.addInterest(APP_CHANGES);
    }

    /** Tells every other node that an app changed in the store: each reads it again at once. */
    public void appChanged(String appId) {
        publish(APP_CHANGES, BusMessage.Type.USER_EVENT, JsonText.quote(appId), null);
    }

    public boolean connected() {
        return bus.connected();
    }

    public String name() {
        return bus.name();
    }

    // ---- interest ---------------------------------------------------------------------------

    @Override
    public void firstSubscriberHere(String appId, String channel) {
        BusTopic topic = BusTopic.channel(appId, channel);
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        unconfirmed.put(topic, confirmed);
        bus.addInterest(topic).whenComplete((done, error) -> {
            confirmed.complete(null);
            unconfirmed.remove(topic, confirmed);
        });
    }

    @Override
    public void lastSubscriberGone(String appId, String channel) {
        BusTopic topic = BusTopic.channel(appId, channel);
        CompletableFuture<Void> pending = unconfirmed.remove(topic);
        if (pending != null) {
            pending.complete(null);
        }
        bus.removeInterest(topic);
    }

    /**
     * Completes once what other nodes publish to the channel from now on reaches this node: when
     * the bus confirmed the subscription made for its first subscriber here, at once if it did
     * already, and after {@value #CONFIRMATION_WAIT_MILLIS} ms at most (the bus is at most once:
     * a bus that does not confirm by then is down, and what is published meanwhile is lost anyway).
     */
    public CompletionStage<Void> channelReady(String appId, String channel) {
        CompletableFuture<Void> pending = unconfirmed.get(BusTopic.channel(appId, channel));
        return pending == null ? CompletableFuture.completedFuture(null)
                : pending.copy().completeOnTimeout(null, CONFIRMATION_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void firstHolderHere(String appId, String userId) {
        bus.addInterest(BusTopic.user(appId, userId));
    }

    @Override
    public void lastHolderGone(String appId, String userId) {
        bus.removeInterest(BusTopic.user(appId, userId));
    }

    // ---- publishing -------------------------------------------------------------------------

    /** To a channel's subscribers here and on every other node, except one socket id (may be null). */
    public void toChannel(String appId, String channel, String json, String excludeSocketId) {
        fanOut.deliverHere(appId, channel, json, excludeSocketId, null);
        publish(BusTopic.channel(appId, channel), BusMessage.Type.CHANNEL_EVENT, json, excludeSocketId);
    }

    /** To a channel's subscribers here and on every other node, except the connection that sent it. */
    public void toChannelFrom(Connection sender, String channel, String json) {
        fanOut.deliverHere(sender.app().id(), channel, json, null, sender);
        publish(BusTopic.channel(sender.app().id(), channel), BusMessage.Type.CHANNEL_EVENT, json, sender.socketId());
    }

    /**
     * A member_added or member_removed about {@code userId}, of presence version {@code version}, to
     * the channel's subscribers here and on every other node, except one socket id (may be null);
     * each node passes on one user's changes in version order, each subscriber only those newer
     * than its roster.
     */
    public void presenceChange(String appId, String channel, String json, String userId, long version, String excludeSocketId) {
        fanOut.deliverPresenceChange(appId, channel, json, excludeSocketId, userId, version);
        bus.publish(new BusMessage(BusTopic.channel(appId, channel), BusMessage.Type.PRESENCE_EVENT, json, excludeSocketId,
                bus.nodeId(), new BusMessage.PresenceChange(userId, version)));
    }

    /** To every connection signed in as the user, here and elsewhere, except one socket id (may be null). */
    public void toUser(String appId, String userId, String json, String excludeSocketId) {
        deliverToUserHere(appId, userId, json, excludeSocketId);
        publish(BusTopic.user(appId, userId), BusMessage.Type.USER_EVENT, json, excludeSocketId);
    }

    /** A watchlist event about the user to its watchers here and elsewhere. */
    public void toWatchers(String appId, String userId, String json) {
        users.notifyWatchersHere(appId, userId, json);
        publish(BusTopic.user(appId, userId), BusMessage.Type.WATCHLIST_EVENT, json, null);
    }

    /** Closes the user's connections here and elsewhere with the app's terminate close code. */
    public void terminateUser(AppConfig app, String userId) {
        users.terminate(app, userId);
        publish(BusTopic.user(app.id(), userId), BusMessage.Type.TERMINATE, null, null);
    }

    private void publish(BusTopic topic, BusMessage.Type type, String json, String excludeSocketId) {
        bus.publish(new BusMessage(topic, type, json, excludeSocketId, bus.nodeId()));
    }

    private void deliverToUserHere(String appId, String userId, String json, String excludeSocketId) {
        int sent = users.sendToUser(appId, userId, json, excludeSocketId);
        if (sent > 0) {
            metrics.messagesSent(appId, sent, (long) sent * TextFrames.encodedSize(json));
        }
    }

    // ---- from other nodes -------------------------------------------------------------------

    @Override
    public void onMessage(BusMessage message) {
        BusTopic topic = message.topic();
        if (topic.equals(APP_CHANGES)) {
            if (message.type() == BusMessage.Type.USER_EVENT && message.json().length() > 2) {
                apps.reload(message.json().substring(1, message.json().length() - 1));
            }
            return;
        }
        if (message.type() == BusMessage.Type.USER_EVENT && own.test(message)) {
            return;
        }
        switch (message.type()) {
            case CHANNEL_EVENT -> fanOut.deliverHere(topic.appId(), topic.name(), message.json(), message.excludeSocketId(), null);
            case PRESENCE_EVENT -> fanOut.deliverPresenceChange(topic.appId(), topic.name(), message.json(),
                    message.excludeSocketId(), message.presence().userId(), message.presence().version());
            case USER_EVENT -> deliverToUserHere(topic.appId(), topic.name(), message.json(), message.excludeSocketId());
            case WATCHLIST_EVENT -> users.notifyWatchersHere(topic.appId(), topic.name(), message.json());
            case TERMINATE -> apps.byId(topic.appId())
                    .thenAccept(app -> app.ifPresent(found -> users.terminate(found, topic.name())));
        }
    }

    @Override
    public void onConnectionChanged(boolean connected) {
        if (connected) {
            LOG.info("Cluster bus ({}) connected", bus.name());
        } else {
            LOG.warn("Cluster bus ({}) disconnected; events from other nodes are missed until it reconnects", bus.name());
        }
    }

    /** Stops receiving and releases the bus's connections. */
    public void close() {
        bus.close();
    }
}
