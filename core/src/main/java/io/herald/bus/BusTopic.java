package io.herald.bus;

import java.util.Objects;

/**
 * What a node declares interest in: a channel of an app, or a user of an app (its connections
 * and the connections watching it). A node receives a topic's messages only while it is
 * interested in it.
 */
public record BusTopic(Kind kind, String appId, String name) {

    public enum Kind {
        /** A channel: messages for its subscribers. */
        CHANNEL,
        /** A user id: messages for connections signed in as the user, or watching it. */
        USER
    }

    public BusTopic {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(name, "name");
    }

    public static BusTopic channel(String appId, String channel) {
        return new BusTopic(Kind.CHANNEL, appId, channel);
    }

    public static BusTopic user(String appId, String userId) {
        return new BusTopic(Kind.USER, appId, userId);
    }
}
