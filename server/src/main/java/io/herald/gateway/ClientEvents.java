package io.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.AppConfig;
import io.herald.connection.Connection;
import io.herald.connection.Subscription;
import io.herald.debug.DebugTap;
import io.herald.link.ClusterLink;
import io.herald.metrics.HeraldMetrics;
import io.herald.outbox.WebhookEmitter;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.webhook.WebhookEvent;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * {@code client-*} events (docs/protocol.md, "Client events"): checked, handed to the webhooks, then
 * relayed (once their webhook is durable) to the channel's other
 * subscribers with {@code data} exactly as received, plus the sender's {@code user_id} on presence
 * channels. A rejected event gets {@code pusher:error} 4301 and the connection stays open.
 */
final class ClientEvents {

    private final ClusterLink cluster;
    private final HeraldMetrics metrics;
    private final LongSupplier clockMillis;
    private final WebhookEmitter webhooks;
    private final DurableReplies durableReplies;
    private final DebugTap debug;

    ClientEvents(ClusterLink cluster, HeraldMetrics metrics, WebhookEmitter webhooks, DurableReplies durableReplies,
            LongSupplier clockMillis, DebugTap debug) {
        this.cluster = cluster;
        this.webhooks = webhooks;
        this.durableReplies = durableReplies;
        this.metrics = metrics;
        this.clockMillis = clockMillis;
        this.debug = debug;
    }

    void relay(Connection connection, ClientMessage message) {
        String problem = problem(connection, message);
        if (problem != null) {
            metrics.error(connection.app().id(), CloseCode.CLIENT_EVENT_REJECTED);
            connection.send(PusherMessages.error(CloseCode.CLIENT_EVENT_REJECTED, problem));
            if (debug.watched(connection.app().id())) {
                debug.emit(connection.app().id(), DebugTap.event("client_event_rejected").put("channel", message.channel())
                        .put("event", message.event()).put("socket_id", connection.socketId()).put("message", problem));
            }
            return;
        }
        Subscription subscription = connection.subscription(message.channel());
        String userId = ChannelName.kind(message.channel()) == ChannelKind.PRESENCE ? subscription.presenceUserId() : null;
        JsonNode data = message.data();
        String json = data != null && data.isTextual()
                ? PusherMessages.channelEvent(message.event(), message.channel(), data.asText(), userId)
                : PusherMessages.clientEventWithRawData(message.event(), message.channel(), rawData(data), userId);
        metrics.clientEvent(connection.app().id());
        String dataText = data == null || data.isNull() ? "{}" : data.isTextual() ? data.asText() : data.toString();
        if (debug.watched(connection.app().id())) {
            debug.emit(connection.app().id(), DebugTap.event("client_event").put("channel", message.channel())
                    .put("event", message.event()).put("socket_id", connection.socketId()).put("data", dataText)
                    .put("size", dataText.getBytes(StandardCharsets.UTF_8).length));
        }
        webhooks.emit(connection.app(), WebhookEvent.clientEvent(message.channel(), message.event(), dataText,
                connection.socketId(), userId));
        // Relayed once its webhook is durable: no subscriber sees an event whose webhook a crash could lose.
        durableReplies.reply(connection, () -> cluster.relayClientEvent(connection, message.channel(), json));
    }

    private String problem(Connection connection, ClientMessage message) {
        AppConfig app = connection.app();
        if (!app.clientEvents()) {
            return "The app does not have client events enabled";
        }
        if (message.event().length() > app.maxEventNameLength()) {
            return "Client event name is longer than " + app.maxEventNameLength() + " characters";
        }
        String channel = message.channel();
        if (channel == null) {
            return "Client event " + message.event() + " needs a channel";
        }
        ChannelKind kind = ChannelName.kind(channel);
        if (!kind.allowsClientEvents()) {
            return "Client events are only allowed on private and presence channels, not on " + channel;
        }
        if (kind == ChannelKind.ENCRYPTED && !app.encryptedClientEvents()) {
            return "Client events are not allowed on encrypted channels for this app";
        }
        if (connection.subscription(channel) == null) {
            return "Cannot send client event to " + channel + ": not subscribed to it";
        }
        if (dataBytes(message.data()) > app.maxEventSize()) {
            return "Client event data is larger than " + app.maxEventSize() + " bytes";
        }
        int perSecond = app.clientEventsPerSecond();
        if (perSecond > 0 && !connection.tryClientEvent(clockMillis.getAsLong(), perSecond)) {
            return "Client event rejected: more than " + perSecond + " client events per second";
        }
        return null;
    }

    private static int dataBytes(JsonNode data) {
        String text = data == null ? "" : data.isTextual() ? data.asText() : data.toString();
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Clients that send no data still give their listeners a {@code data} to read. */
    private static String rawData(JsonNode data) {
        return data == null || data.isNull() ? "{}" : data.toString();
    }
}
