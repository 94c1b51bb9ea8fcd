package io.herald.connection;

/**
 * A connection's membership of one channel: the channel's name, where the connection sits in that
 * channel's per-loop subscriber array (so removal is O(1)) and, on presence channels, the user id
 * it joined as, with the {@link RosterGate} that orders its events around the member list. It
 * names its channel rather than pointing to it, so that this package knows nothing of channels.
 */
public final class Subscription {

    private final String channelName;
    private final Connection connection;
    private final String presenceUserId;
    private final RosterGate gate;
    private int slot = -1;

    public Subscription(String channelName, Connection connection, String presenceUserId) {
        this.channelName = channelName;
        this.connection = connection;
        this.presenceUserId = presenceUserId;
        this.gate = presenceUserId == null ? RosterGate.alwaysOpen() : RosterGate.awaitingRoster();
    }

    public String channelName() {
        return channelName;
    }

    public Connection connection() {
        return connection;
    }

    /** The member's user id on a presence channel, else null. */
    public String presenceUserId() {
        return presenceUserId;
    }

    /** Holds a presence subscription's events until its roster is sent; open for other channels. */
    public RosterGate gate() {
        return gate;
    }

    public int slot() {
        return slot;
    }

    public void slot(int slot) {
        this.slot = slot;
    }
}
