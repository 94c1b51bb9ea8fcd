package io.herald.channel;

import io.herald.app.AppConfig;
import io.herald.cluster.ClusterLink;
import io.herald.connection.Connection;
import io.herald.connection.LoopShard;
import io.herald.connection.LoopShards;
import io.herald.connection.Subscription;
import io.herald.metrics.HeraldMetrics;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.transport.TextFrames;
import io.herald.user.UserDirectory;
import io.herald.webhook.WebhookEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The channels of this node and their fan-out; answers the HTTP API for this node alone.
 *
 * <p>Publishing encodes the event once into a complete WebSocket frame, then gives each event loop
 * that has subscribers one task writing retained duplicates of that frame to its own sockets.
 */
public final class LocalChannels implements ChannelHub {

    /** Channels above this many subscribers announce subscription_count at most every 5 s. */
    private static final int COUNT_THROTTLE_THRESHOLD = 100;
    private static final long COUNT_THROTTLE_MILLIS = 5_000;

    private final LoopShards shards;
    private final CacheStore cache;
    private final UserDirectory users;
    private final HeraldMetrics metrics;
    private final LongSupplier clockMillis;
    private final WebhookEmitter webhooks;
    private final ConcurrentMap<String, ConcurrentMap<String, LocalChannel>> byApp = new ConcurrentHashMap<>();
    private volatile ClusterLink cluster;

    public LocalChannels(LoopShards shards, CacheStore cache, UserDirectory users, HeraldMetrics metrics,
            WebhookEmitter webhooks, LongSupplier clockMillis) {
        this.shards = shards;
        this.webhooks = webhooks;
        this.cache = cache;
        this.users = users;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    /**
     * Makes this node part of a cluster: events go to other nodes too, and occupancy, counts and
     * their webhooks are decided by the cluster. Called once, before any connection opens.
     */
    public void joinCluster(ClusterLink link) {
        this.cluster = link;
    }

    // ---- the gateway's side: runs on the subscribing connection's event loop ------------------

    /**
     * Adds the connection to the channel, creating the channel on its first subscriber. On presence
     * channels {@code member} joins the roster in the same step; when the roster is full nothing
     * changes and the result has no subscription.
     */
    public Subscribed subscribe(Connection connection, String channelName, Member member, int maxMembers) {
        String appId = connection.app().id();
        boolean[] created = new boolean[1];
        PresenceRoster.Join[] join = new PresenceRoster.Join[1];
        LocalChannel channel = channels(appId).compute(channelName, (name, existing) -> {
            LocalChannel target = existing != null ? existing : new LocalChannel(appId, name, shards.count());
            if (member != null) {
                join[0] = target.roster().join(member.userId(), member.userInfoJson(), maxMembers);
                if (join[0].outcome() == PresenceRoster.Outcome.FULL) {
                    return existing;
                }
            }
            created[0] = existing == null;
            if (created[0] && cluster != null) {
                // Under the channel's key, so interest cannot be removed by a concurrent last unsubscribe.
                cluster.channelOpenedHere(appId, name);
            }
            target.countChanged(+1);
            return target;
        });
        if (join[0] != null && join[0].outcome() == PresenceRoster.Outcome.FULL) {
            return new Subscribed(null, join[0]);
        }
        Subscription subscription = new Subscription(channel, connection, member == null ? null : member.userId());
        channel.add(subscription);
        connection.addSubscription(channelName, subscription);
        metrics.subscriptionsChanged(appId, +1);
        if (created[0]) {
            metrics.channelsChanged(appId, +1);
        }
        ClusterLink link = cluster;
        if (link != null) {
            link.subscribed(connection.app(), channelName);
        } else {
            if (created[0]) {
                webhooks.emit(connection.app(), WebhookEvent.channelOccupied(channelName));
            }
            announceCount(connection.app(), channel.name(), channel, channel.subscriptionCount());
        }
        return new Subscribed(subscription, join[0]);
    }

    /** A presence member joining: the user id and its user_info as JSON text ("null" when none). */
    public record Member(String userId, String userInfoJson) {}

    /** The outcome of {@link #subscribe}: no subscription when the presence roster was full. */
    public record Subscribed(Subscription subscription, PresenceRoster.Join join) {}

    /** Removes the subscription; the channel is dropped with its last subscriber. */
    public void unsubscribe(Subscription subscription) {
        LocalChannel channel = subscription.channel();
        Connection connection = subscription.connection();
        connection.removeSubscription(channel.name());
        channel.remove(subscription);
        boolean[] dropped = new boolean[1];
        channels(channel.appId()).computeIfPresent(channel.name(), (name, existing) -> {
            existing.countChanged(-1);
            dropped[0] = existing.subscriptionCount() == 0;
            if (dropped[0] && cluster != null) {
                cluster.channelClosedHere(existing.appId(), name);
            }
            return dropped[0] ? null : existing;
        });
        metrics.subscriptionsChanged(channel.appId(), -1);
        if (dropped[0]) {
            metrics.channelsChanged(channel.appId(), -1);
        }
        ClusterLink link = cluster;
        if (link != null) {
            link.unsubscribed(connection.app(), channel.name());
        } else if (dropped[0]) {
            webhooks.emit(connection.app(), WebhookEvent.channelVacated(channel.name()));
        } else {
            announceCount(connection.app(), channel.name(), channel, channel.subscriptionCount());
        }
    }

    /** Sends a message to every subscriber of a channel, on this node and others, except one connection. */
    public void broadcast(LocalChannel channel, String json, Connection except) {
        fanOut(channel, json, null, except);
        ClusterLink link = cluster;
        if (link != null) {
            link.publishToChannel(channel.appId(), channel.name(), json, except == null ? null : except.socketId());
        }
    }

    /** Sends a message to a channel's subscribers on this node and every other, except one socket id (may be null). */
    public void publishEverywhere(AppConfig app, String channelName, String json, String excludeSocketId) {
        deliverHere(app.id(), channelName, json, excludeSocketId);
        ClusterLink link = cluster;
        if (link != null) {
            link.publishToChannel(app.id(), channelName, json, excludeSocketId);
        }
    }

    /** Delivers a message to a channel's subscribers on this node only (one that came from another node). */
    public void deliverHere(String appId, String channelName, String json, String excludeSocketId) {
        LocalChannel channel = find(appId, channelName);
        if (channel != null) {
            fanOut(channel, json, excludeSocketId, null);
        }
    }

    /** Delivers a message to a user's connections on this node only, except one socket id (may be null). */
    public void deliverToUserHere(String appId, String userId, String json, String excludeSocketId) {
        int sent = users.sendToUser(appId, userId, json, excludeSocketId);
        if (sent > 0) {
            metrics.messagesSent(appId, sent, (long) sent * TextFrames.encodedSize(json));
        }
    }

    // ---- ChannelHub: the HTTP API's side, any thread -------------------------------------------

    @Override
    public void publish(AppConfig app, String channelName, String event, String data, String excludeSocketId) {
        metrics.eventPublished(app.id(), "api");
        String json = PusherMessages.channelEvent(event, channelName, data, null);
        ClusterLink link = cluster;
        if (ChannelName.kind(channelName) == ChannelKind.USER) {
            String userId = ChannelName.userOf(channelName);
            deliverToUserHere(app.id(), userId, json, excludeSocketId);
            if (link != null) {
                link.publishToUser(app.id(), userId, json, excludeSocketId);
            }
            return;
        }
        if (ChannelName.isCache(channelName)) {
            if (link != null) {
                link.putCachedEvent(app, channelName, event, data);
            } else {
                cache.put(app.id(), channelName, event, data, app.cacheTtl());
            }
        }
        publishEverywhere(app, channelName, json, excludeSocketId);
    }

    @Override
    public CompletionStage<ChannelStats> stats(AppConfig app, String channelName) {
        return CompletableFuture.completedFuture(localStats(app.id(), channelName));
    }

    /** This node's counts of one channel. */
    public ChannelStats localStats(String appId, String channelName) {
        LocalChannel channel = find(appId, channelName);
        if (channel == null) {
            return new ChannelStats(0, 0);
        }
        return new ChannelStats(channel.subscriptionCount(), channel.roster() == null ? 0 : channel.roster().userCount());
    }

    @Override
    public CompletionStage<Map<String, ChannelStats>> occupiedChannels(AppConfig app, String prefix) {
        Map<String, ChannelStats> result = new TreeMap<>();
        for (LocalChannel channel : channels(app.id()).values()) {
            if (channel.name().startsWith(prefix) && channel.subscriptionCount() > 0) {
                result.put(channel.name(), new ChannelStats(channel.subscriptionCount(),
                        channel.roster() == null ? 0 : channel.roster().userCount()));
            }
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public CompletionStage<List<String>> presenceUserIds(AppConfig app, String channelName) {
        LocalChannel channel = find(app.id(), channelName);
        return CompletableFuture.completedFuture(
                channel == null || channel.roster() == null ? List.of() : channel.roster().userIds());
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(AppConfig app, String channelName) {
        return CompletableFuture.completedFuture(cache.get(app.id(), channelName));
    }

    @Override
    public void terminateUserConnections(AppConfig app, String userId) {
        users.terminate(app, userId);
        ClusterLink link = cluster;
        if (link != null) {
            link.terminateUser(app.id(), userId);
        }
    }

    /** Every channel with subscribers on this node, for re-asserting this node's share of a cluster. */
    public void forEachChannel(java.util.function.Consumer<LocalChannel> action) {
        byApp.values().forEach(channels -> channels.values().forEach(action));
    }

    public LocalChannel find(String appId, String channelName) {
        ConcurrentMap<String, LocalChannel> channels = byApp.get(appId);
        return channels == null ? null : channels.get(channelName);
    }

    // ---- fan-out -------------------------------------------------------------------------------

    private void fanOut(LocalChannel channel, String json, String excludeSocketId, Connection except) {
        ByteBuf frame = TextFrames.encode(ByteBufAllocator.DEFAULT, json);
        try {
            for (int i = 0; i < channel.loops(); i++) {
                if (channel.onLoop(i) == null) {
                    continue;
                }
                LoopShard shard = shards.get(i);
                frame.retain();
                int loopIndex = i;
                if (shard.loop().inEventLoop()) {
                    deliverOnLoop(channel, loopIndex, frame, excludeSocketId, except);
                } else {
                    shard.loop().execute(() -> deliverOnLoop(channel, loopIndex, frame, excludeSocketId, except));
                }
            }
        } finally {
            frame.release();
        }
    }

    private void deliverOnLoop(LocalChannel channel, int loopIndex, ByteBuf frame, String excludeSocketId, Connection except) {
        List<Connection> slow = new ArrayList<>(0);
        int frameBytes = frame.readableBytes();
        int delivered;
        try {
            delivered = channel.onLoop(loopIndex).deliver(frame, excludeSocketId, except, slow);
        } finally {
            frame.release();
        }
        if (delivered > 0) {
            metrics.messagesSent(channel.appId(), delivered, (long) delivered * frameBytes);
        }
        for (Connection connection : slow) {
            metrics.slowConsumerClosed(channel.appId());
            connection.close(CloseCode.OVER_CAPACITY, "Connection closed: it could not keep up with its messages");
        }
    }

    // ---- subscription_count ------------------------------------------------------------------

    /**
     * Announces a channel's subscription count across the cluster: a count the cluster state
     * reported after this node's change, or after a clean-up. Throttled like a single node's.
     */
    public void announceClusterCount(AppConfig app, String channelName, long count) {
        announceCount(app, channelName, find(app.id(), channelName), (int) Math.min(Integer.MAX_VALUE, count));
    }

    /**
     * subscription_count to subscribers and webhooks: at once for channels of up to 100
     * subscribers, else at most every 5 s with the latest count. {@code channel} is this node's
     * part of it, null when it has no subscribers here.
     */
    private void announceCount(AppConfig app, String channelName, LocalChannel channel, int count) {
        ChannelKind kind = ChannelName.kind(channelName);
        if (kind == ChannelKind.PRESENCE || kind == ChannelKind.USER) {
            return;
        }
        if (channel == null) {
            sendCount(app, channelName, count);
            return;
        }
        channel.latestCount = count;
        long now = clockMillis.getAsLong();
        if (count <= COUNT_THROTTLE_THRESHOLD) {
            channel.lastCountBroadcastMillis = now;
            sendCount(app, channelName, count);
            return;
        }
        long wait = channel.lastCountBroadcastMillis + COUNT_THROTTLE_MILLIS - now;
        if (wait <= 0) {
            channel.lastCountBroadcastMillis = now;
            sendCount(app, channelName, count);
        } else if (!channel.countBroadcastPending) {
            channel.countBroadcastPending = true;
            shards.get(0).loop().schedule(() -> {
                channel.countBroadcastPending = false;
                channel.lastCountBroadcastMillis = clockMillis.getAsLong();
                sendCount(app, channelName, channel.latestCount);
            }, wait, TimeUnit.MILLISECONDS);
        }
    }

    /** subscription_count to subscribers everywhere (when the app asks for it) and to webhooks that want it. */
    private void sendCount(AppConfig app, String channelName, int count) {
        if (app.subscriptionCount() && count > 0) {
            publishEverywhere(app, channelName, PusherMessages.subscriptionCount(channelName, count), null);
        }
        webhooks.emit(app, WebhookEvent.subscriptionCount(channelName, count));
    }

    private ConcurrentMap<String, LocalChannel> channels(String appId) {
        ConcurrentMap<String, LocalChannel> channels = byApp.get(appId);
        return channels != null ? channels : byApp.computeIfAbsent(appId, id -> new ConcurrentHashMap<>());
    }
}
