package io.herald.connection;

import io.herald.channel.LocalChannel;

/**
 * A connection's membership of one channel: where it sits in the channel's per-loop subscriber
 * array (so removal is O(1)) and, on presence channels, the user id it joined as.
 */
public final class Subscription {

    private final LocalChannel channel;
    private final Connection connection;
    private final String presenceUserId;
    int slot = -1;

    public Subscription(LocalChannel channel, Connection connection, String presenceUserId) {
        this.channel = channel;
        this.connection = connection;
        this.presenceUserId = presenceUserId;
    }

    public LocalChannel channel() {
        return channel;
    }

    public Connection connection() {
        return connection;
    }

    /** The member's user id on a presence channel, else null. */
    public String presenceUserId() {
        return presenceUserId;
    }

    public int slot() {
        return slot;
    }

    public void slot(int slot) {
        this.slot = slot;
    }
}
