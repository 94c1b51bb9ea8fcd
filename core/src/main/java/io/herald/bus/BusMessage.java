package io.herald.bus;

import java.util.Objects;

/**
 * One message between nodes. {@code json} is the complete Pusher message a receiving node writes
 * to its connections (null for {@link Type#TERMINATE}); {@code excludeSocketId} (may be null) is a
 * connection that must not receive it; {@code originNodeId} is the node that published it, which
 * never receives its own message back; {@code presence} says which member and presence version a
 * {@link Type#PRESENCE_EVENT} is about (null for every other type).
 */
public record BusMessage(BusTopic topic, Type type, String json, String excludeSocketId, String originNodeId,
        PresenceChange presence) {

    public enum Type {
        /** Deliver {@code json} to the channel's subscribers (topic kind CHANNEL). */
        CHANNEL_EVENT,
        /**
         * Deliver {@code json}, a member_added or member_removed, to the channel's subscribers in
         * presence-version order (topic kind CHANNEL).
         */
        PRESENCE_EVENT,
        /** Deliver {@code json} to the connections signed in as the user (topic kind USER). */
        USER_EVENT,
        /** Deliver {@code json} (a watchlist event) to the connections watching the user (topic kind USER). */
        WATCHLIST_EVENT,
        /** Close the connections signed in as the user, with the app's terminate code (topic kind USER). */
        TERMINATE
    }

    /** The member a presence event is about, and the channel's presence version it made. */
    public record PresenceChange(String userId, long version) {
        public PresenceChange {
            Objects.requireNonNull(userId, "userId");
        }
    }

    /** A message of any type but {@link Type#PRESENCE_EVENT}. */
    public BusMessage(BusTopic topic, Type type, String json, String excludeSocketId, String originNodeId) {
        this(topic, type, json, excludeSocketId, originNodeId, null);
    }

    public BusMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(originNodeId, "originNodeId");
        boolean toChannel = type == Type.CHANNEL_EVENT || type == Type.PRESENCE_EVENT;
        if (toChannel != (topic.kind() == BusTopic.Kind.CHANNEL)) {
            throw new IllegalArgumentException(type + " does not go to a " + topic.kind() + " topic");
        }
        if ((type == Type.PRESENCE_EVENT) != (presence != null)) {
            throw new IllegalArgumentException(type + (presence == null ? " needs" : " has no") + " presence change");
        }
        if (type != Type.TERMINATE) {
            Objects.requireNonNull(json, "json");
        }
    }
}
