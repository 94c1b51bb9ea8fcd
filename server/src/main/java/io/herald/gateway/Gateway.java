package io.herald.gateway;

import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.config.HeraldConfig.ServerConfig;
import io.herald.connection.Connection;
import io.herald.connection.LoopShard;
import io.herald.debug.DebugTap;
import io.herald.link.ClusterLink;
import io.herald.metrics.HeraldMetrics;
import io.herald.outbox.WebhookEmitter;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pusher protocol rules for client connections: admission, the handshake message, dispatch of
 * client messages, liveness and the authorized-connections timeout. Every method runs on the
 * connection's event loop.
 */
public final class Gateway {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final ServerConfig server;
    private final AppRegistry apps;
    private final Admission admission;
    private final SocketIds socketIds = new SocketIds();
    private final Subscriptions subscriptions;
    private final ClientEvents clientEvents;
    private final Signin signin;
    private final DurableReplies durableReplies;
    private final ClusterLink cluster;
    private final HeraldMetrics metrics;
    private final LongSupplier clockMillis;
    private final DebugTap debug;

    /** @param cluster this node's link to its cluster, which is of one node when it runs alone */
    public Gateway(ServerConfig server, AppRegistry apps, ClusterLink cluster, HeraldMetrics metrics, WebhookEmitter webhooks,
            LongSupplier clockMillis, DebugTap debug) {
        this.server = server;
        this.debug = debug;
        this.apps = apps;
        this.admission = new Admission(server.maxConnections(), server.requireProtocolVersion(),
                cluster::connectionsElsewhere);
        this.durableReplies = new DurableReplies(webhooks);
        this.subscriptions = new Subscriptions(cluster, webhooks, durableReplies, debug);
        this.clientEvents = new ClientEvents(cluster, metrics, webhooks, durableReplies, clockMillis, debug);
        this.signin = new Signin(cluster, durableReplies);
        this.cluster = cluster;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
    }

    /** The app a connecting client names by its key; complete at once unless it must be loaded. */
    CompletableFuture<Optional<AppConfig>> lookUp(String key) {
        return apps.byKey(key);
    }

    Admission.Decision admit(String key, Optional<AppConfig> app, String protocol, String origin) {
        return admission.admit(key, app, protocol, origin);
    }

    void refused(Channel channel, Admission.Refused refusal) {
        metrics.connectionRefused(refusal.appId(), refusal.code());
        LOG.debug("Refused connection from {}: {} ({})", channel.remoteAddress(), refusal.message(), refusal.code());
    }

    /** The handshake completed: registers the connection and sends connection_established. */
    Connection open(Channel channel, AppConfig app, LoopShard shard) {
        Connection connection = new Connection(channel, app, socketIds.next(), shard, clockMillis.getAsLong());
        connection.register();
        metrics.connectionOpened(app.id());
        connection.send(PusherMessages.connectionEstablished(connection.socketId(), server.activityTimeout()));
        if (debug.watched(app.id())) {
            debug.emit(app.id(), DebugTap.event("connection").put("socket_id", connection.socketId())
                    .put("address", String.valueOf(channel.remoteAddress())));
        }
        return connection;
    }

    /** An admitted client whose handshake failed before the connection opened. */
    void releaseUnopened(AppConfig app) {
        admission.release(app);
    }

    /** A text frame from the client; {@code bytes} is its UTF-8 payload size. */
    void onText(Connection connection, String text, int bytes) {
        connection.inboundActivity(clockMillis.getAsLong());
        metrics.messageReceived(connection.app().id(), bytes);
        ClientMessage message;
        try {
            message = ClientMessage.parse(text);
            dispatch(connection, message);
        } catch (ClientMessage.MessageFormatException e) {
            metrics.error(connection.app().id(), 0);
            connection.send(PusherMessages.error(null, e.getMessage()));
        }
    }

    private void dispatch(Connection connection, ClientMessage message) {
        String event = message.event();
        switch (event) {
            // A pong also tells the client that what its earlier messages caused is durable.
            case "pusher:ping" -> durableReplies.reply(connection, () -> connection.send(PusherMessages.PONG));
            case "pusher:pong" -> { }
            case "pusher:subscribe" -> subscriptions.subscribe(connection, message);
            case "pusher:unsubscribe" -> subscriptions.unsubscribe(connection, message);
            case "pusher:signin" -> signin.signin(connection, message);
            default -> {
                if (event.startsWith("client-")) {
                    clientEvents.relay(connection, message);
                }
                // Other pusher: events and unknown events are ignored, as Pusher does.
            }
        }
    }

    void onActivity(Connection connection) {
        connection.inboundActivity(clockMillis.getAsLong());
    }

    /** The socket is gone: leave every channel, sign out, free the admission slot. */
    void onClosed(Connection connection) {
        subscriptions.leaveAll(connection);
        cluster.signOut(connection);
        connection.unregister();
        admission.release(connection.app());
        metrics.connectionClosed(connection.app().id(), connection.closeCode());
        if (debug.watched(connection.app().id())) {
            debug.emit(connection.app().id(), DebugTap.event("disconnection").put("socket_id", connection.socketId())
                    .put("code", connection.closeCode()));
        }
    }

    /**
     * Runs about once a second on each loop: pings connections silent for the activity timeout,
     * closes those that did not answer within the pong timeout (4201), and closes connections of
     * apps requiring authentication that neither signed in nor subscribed privately in time (4009).
     */
    public void sweep(LoopShard shard) {
        long now = clockMillis.getAsLong();
        long activityMillis = server.activityTimeout() * 1000L;
        long pongMillis = server.pongTimeout() * 1000L;
        shard.forEachConnection(connection -> {
            if (connection.isClosing()) {
                return;
            }
            AppConfig app = connection.app();
            if (app.userAuthentication() && !connection.isAuthorized()
                    && now - connection.openedAtMillis() >= app.userAuthenticationTimeout() * 1000L) {
                connection.close(CloseCode.UNAUTHORIZED, "Connection not authorized within " + app.userAuthenticationTimeout() + " seconds");
                return;
            }
            if (connection.pingSentAtMillis() != 0) {
                if (now - connection.pingSentAtMillis() >= pongMillis) {
                    connection.close(CloseCode.PONG_NOT_RECEIVED, "Pong reply not received");
                }
            } else if (now - connection.lastInboundMillis() >= activityMillis) {
                connection.pingSent(now);
                connection.channel().writeAndFlush(new PingWebSocketFrame(), connection.channel().voidPromise());
                connection.send(PusherMessages.PING);
            }
        });
    }

    /**
     * An app changed in the store: on this loop, its connections are closed when it is gone (4001)
     * or disabled (4003), and otherwise see the new settings from their next operation.
     */
    public void appChanged(LoopShard shard, String appId, Optional<AppConfig> now) {
        shard.forEachConnection(connection -> {
            if (connection.isClosing() || !connection.app().id().equals(appId)) {
                return;
            }
            if (now.isEmpty()) {
                connection.close(CloseCode.APP_NOT_FOUND, "App " + appId + " no longer exists");
            } else if (!now.get().enabled()) {
                connection.close(CloseCode.APP_DISABLED, "App " + appId + " is disabled");
            } else {
                connection.app(now.get());
            }
        });
    }

    /** Node drain: from now on new connections are refused (4100: connect again after a backoff). */
    public void refuseNewConnections() {
        admission.refuseAll();
    }

    /**
     * Node drain: tells this loop's share of one group of clients to reconnect elsewhere (4200):
     * its open connections divided by {@code groupsLeft}, rounded up, so the last group takes
     * everyone left. Runs on the shard's loop; returns how many were told.
     */
    public int tellGroupToReconnect(LoopShard shard, int groupsLeft) {
        int[] open = {0};
        shard.forEachConnection(connection -> open[0] += connection.isClosing() ? 0 : 1);
        int wanted = (open[0] + groupsLeft - 1) / Math.max(1, groupsLeft);
        int[] told = {0};
        shard.forEachConnection(connection -> {
            if (told[0] < wanted && !connection.isClosing()) {
                connection.close(CloseCode.RECONNECT_IMMEDIATELY, "Server is shutting down; please reconnect");
                metrics.toldToReconnect(connection.app().id());
                told[0]++;
            }
        });
        return told[0];
    }

    public int connections() {
        return admission.connections();
    }

    /** Open connections on this node per app id. */
    public Map<String, Integer> connectionsByApp() {
        return admission.connectionsByApp();
    }
}
