package io.herald.connection;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The order in which a presence subscription's events reach its connection. Until the connection
 * has its roster (the member list of {@code subscription_succeeded}) every event of the channel is
 * held. From then on a member_added or member_removed passes only when its presence version is
 * newer than the roster's: the roster already shows what older changes did, and pusher-js replaces
 * its list with the roster, so an event sent before it would be lost and one older than it would
 * undo it. Held events go out right after the roster, in the order they arrived.
 *
 * <p>Subscriptions to other channels are open from the start. Used on the connection's event loop
 * only.
 */
public final class RosterGate {

    /** Held events beyond this many mean a client that cannot keep up: it is closed as a slow consumer. */
    static final int MAX_HELD = 1_000;

    /** An event that is not a presence change: it passes whenever the gate is open. */
    public static final long NOT_A_PRESENCE_CHANGE = 0;

    private record Held(ByteBuf frame, long version) {}

    /**
     * The one gate of every subscription without a roster: it holds nothing and never changes, so
     * an idle connection's subscription does not carry a gate of its own.
     */
    private static final RosterGate ALWAYS_OPEN = new RosterGate(true);

    private List<Held> held;
    private long rosterVersion;

    private RosterGate(boolean open) {
        this.held = open ? null : new ArrayList<>();
    }

    /** A gate that holds everything until {@link #open}. */
    public static RosterGate awaitingRoster() {
        return new RosterGate(false);
    }

    /** A gate that lets everything through: subscriptions without a roster (one shared instance). */
    public static RosterGate alwaysOpen() {
        return ALWAYS_OPEN;
    }

    public boolean isOpen() {
        return held == null;
    }

    /**
     * Keeps {@code frame} (a retained duplicate, now owned by the gate) until the roster is sent.
     * Returns false, releasing it, when the gate already holds its maximum.
     */
    public boolean hold(ByteBuf frame, long presenceVersion) {
        if (held.size() >= MAX_HELD) {
            frame.release();
            return false;
        }
        held.add(new Held(frame, presenceVersion));
        return true;
    }

    /** Whether an open gate lets through an event of this presence version ({@link #NOT_A_PRESENCE_CHANGE} for others). */
    public boolean admits(long presenceVersion) {
        return presenceVersion == NOT_A_PRESENCE_CHANGE || presenceVersion > rosterVersion;
    }

    /**
     * Opens the gate once the roster of presence version {@code version} is sent: hands the held
     * events it admits to {@code deliver} in order, and releases the others. Returns false when
     * {@code deliver} refused one (the connection cannot take more), releasing the rest.
     */
    public boolean open(long version, Predicate<ByteBuf> deliver) {
        if (held == null) {
            // Already open, as the shared gate always is: nothing waits, and its roster version stays.
            return true;
        }
        List<Held> waiting = held;
        held = null;
        rosterVersion = version;
        boolean delivered = true;
        for (Held event : waiting) {
            if (delivered && admits(event.version())) {
                delivered = deliver.test(event.frame());
            } else {
                event.frame().release();
            }
        }
        return delivered;
    }

    /** Releases what is held: the subscription ended before its roster. */
    public void discard() {
        if (held != null) {
            held.forEach(event -> event.frame().release());
            held.clear();
        }
    }
}
