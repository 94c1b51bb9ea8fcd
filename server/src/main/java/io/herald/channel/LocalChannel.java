package io.herald.channel;

import io.herald.connection.Connection;
import io.herald.connection.LoopShard;
import io.herald.connection.RosterGate;
import io.herald.connection.Subscription;
import io.herald.protocol.ChannelKind;
import io.herald.protocol.ChannelName;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A channel's subscribers on this node, grouped by the event loop that owns each socket. Each
 * loop's group is read and written only on that loop, so fan-out needs no lock: a publish hands
 * every loop one task that writes the shared frame to all of that loop's subscribers.
 *
 * <p>The subscription count is changed only inside {@link LocalChannels}' map operations for this
 * channel's key, which makes creating and dropping the channel atomic with the count.
 */
public final class LocalChannel {

    private final String appId;
    private final String name;
    private final ChannelKind kind;
    private final boolean cache;
    private final PresenceRoster roster;
    private final MemberVersions memberVersions;
    private final AtomicReferenceArray<LoopSubscribers> byLoop;
    private volatile int subscriptionCount;
    volatile long lastCountBroadcastMillis;
    volatile boolean countBroadcastPending;
    /** The count a throttled subscription_count announcement sends when its time comes. */
    volatile int latestCount;

    LocalChannel(String appId, String name, int loops) {
        this.appId = appId;
        this.name = name;
        this.kind = ChannelName.kind(name);
        this.cache = ChannelName.isCache(name);
        this.roster = kind == ChannelKind.PRESENCE ? new PresenceRoster() : null;
        this.memberVersions = kind == ChannelKind.PRESENCE ? new MemberVersions() : null;
        this.byLoop = new AtomicReferenceArray<>(loops);
    }

    public String appId() {
        return appId;
    }

    public String name() {
        return name;
    }

    public ChannelKind kind() {
        return kind;
    }

    public boolean isCache() {
        return cache;
    }

    /** The presence roster, or null when this is not a presence channel. */
    public PresenceRoster roster() {
        return roster;
    }

    /** The versions of the member changes passed on here, or null when this is not a presence channel. */
    MemberVersions memberVersions() {
        return memberVersions;
    }

    public int subscriptionCount() {
        return subscriptionCount;
    }

    void countChanged(int delta) {
        subscriptionCount += delta;
    }

    /** Adds a subscription on its connection's loop. */
    void add(Subscription subscription) {
        LoopShard shard = subscription.connection().shard();
        LoopSubscribers group = byLoop.get(shard.index());
        if (group == null) {
            group = new LoopSubscribers();
            byLoop.set(shard.index(), group);
        }
        group.add(subscription);
    }

    /** Removes a subscription on its connection's loop. */
    void remove(Subscription subscription) {
        LoopSubscribers group = byLoop.get(subscription.connection().shard().index());
        if (group != null) {
            group.remove(subscription);
        }
    }

    /** The subscriber group of a loop, or null when none of its sockets ever subscribed. */
    LoopSubscribers onLoop(int loopIndex) {
        return byLoop.get(loopIndex);
    }

    int loops() {
        return byLoop.length();
    }

    /** Subscribers of one channel on one loop: a dense array with O(1) swap-removal. */
    static final class LoopSubscribers {
        private Subscription[] members = new Subscription[4];
        private int size;

        void add(Subscription subscription) {
            if (size == members.length) {
                members = Arrays.copyOf(members, size * 2);
            }
            subscription.slot(size);
            members[size++] = subscription;
        }

        void remove(Subscription subscription) {
            int slot = subscription.slot();
            if (slot < 0 || slot >= size || members[slot] != subscription) {
                return;
            }
            Subscription last = members[--size];
            members[slot] = last;
            last.slot(slot);
            members[size] = null;
            subscription.slot(-1);
            if (size == 0 && members.length > 64) {
                members = new Subscription[4];
            }
        }

        /**
         * Writes {@code frame} to every subscriber except {@code excludeSocketId}, as its
         * {@link RosterGate} allows: held while the subscriber waits for its roster, dropped when
         * the roster is newer than the presence change. Returns how many received it. Connections
         * that cannot take more are collected into {@code slow}.
         *
         * @param presenceVersion the version of a member_added or member_removed, else
         *     {@link RosterGate#NOT_A_PRESENCE_CHANGE}
         */
        int deliver(ByteBuf frame, String excludeSocketId, Connection excludeConnection, long presenceVersion,
                List<Connection> slow) {
            int delivered = 0;
            for (int i = 0; i < size; i++) {
                Connection connection = members[i].connection();
                if (connection == excludeConnection
                        || (excludeSocketId != null && excludeSocketId.equals(connection.socketId()))) {
                    continue;
                }
                RosterGate gate = members[i].gate();
                if (!gate.isOpen()) {
                    if (!gate.hold(frame.retainedDuplicate(), presenceVersion)) {
                        slow.add(connection);
                    }
                    continue;
                }
                if (!gate.admits(presenceVersion)) {
                    continue;
                }
                if (connection.deliver(frame.retainedDuplicate())) {
                    delivered++;
                } else if (!connection.isClosing()) {
                    slow.add(connection);
                }
            }
            return delivered;
        }
    }
}
