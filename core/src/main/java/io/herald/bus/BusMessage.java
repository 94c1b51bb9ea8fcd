package io.herald.bus;

import java.util.Objects;

/**
 * One message between nodes. {@code json} is the complete Pusher message a receiving node writes
 * to its connections (null for {@link Type#TERMINATE}); {@code excludeSocketId} (may be null) is a
 * connection that must not receive it; {@code originNodeId} is the node that published it, which
 * never receives its own message back.
 */
public record BusMessage(BusTopic topic, Type type, String json, String excludeSocketId, String originNodeId) {

    public enum Type {
        /** Deliver {@code json} to the channel's subscribers (topic kind CHANNEL). */
        CHANNEL_EVENT,
        /** Deliver {@code json} to the connections signed in as the user (topic kind USER). */
        USER_EVENT,
        /** Deliver {@code json} (a watchlist event) to the connections watching the user (topic kind USER). */
        WATCHLIST_EVENT,
        /** Close the connections signed in as the user, with the app's terminate code (topic kind USER). */
        TERMINATE
    }

    public BusMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(originNodeId, "originNodeId");
        if ((type == Type.CHANNEL_EVENT) != (topic.kind() == BusTopic.Kind.CHANNEL)) {
            throw new IllegalArgumentException(type + " does not go to a " + topic.kind() + " topic");
        }
        if (type != Type.TERMINATE) {
            Objects.requireNonNull(json, "json");
        }
    }
}
