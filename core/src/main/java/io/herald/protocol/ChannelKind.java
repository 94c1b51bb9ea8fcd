package io.herald.protocol;

/** How a channel is authorised, decided by its name's prefix (docs/protocol.md, "Channels"). */
public enum ChannelKind {
    PUBLIC,
    PRIVATE,
    ENCRYPTED,
    PRESENCE,
    /** {@code #server-to-user-{id}}: only the connection signed in as {@code id} may subscribe. */
    USER;

    public boolean requiresAuth() {
        return this == PRIVATE || this == ENCRYPTED || this == PRESENCE;
    }

    /** Private and presence channels (encrypted ones included) carry client events. */
    public boolean allowsClientEvents() {
        return requiresAuth();
    }
}
