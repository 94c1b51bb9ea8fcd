package io.herald.cluster;

import io.herald.cluster.ClusterState.CachedEvent;
import io.herald.cluster.ClusterState.ChannelCounts;
import io.herald.cluster.ClusterState.Cleanup;
import io.herald.cluster.ClusterState.Occupancy;
import io.herald.cluster.ClusterState.PresenceJoin;
import io.herald.cluster.ClusterState.Reassertion;
import io.herald.cluster.NodeEntry.Member;
import io.herald.cluster.NodeEntry.SignedIn;
import io.herald.cluster.NodeEntry.Subscriptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The shared state of {@link InMemoryClusterState} nodes living in one process: the reference
 * model of what the Redis store keeps, with the same rules. Every node's part is a map from
 * {@link NodeEntry} to the node's own count; the cluster-wide totals move by exactly the node's
 * change, in the same step, so they equal the sum over the nodes. Every operation holds the
 * store's monitor, which makes it atomic as a script is in Redis.
 *
 * <p>A node's lease is created by {@link #reassert} (and, short, by any write of a node the store
 * does not know, so such writes are cleaned up if the node dies); {@link #renewLease} extends it
 * only while the node's part is intact: it was reasserted and no other node has claimed it.
 * {@code clock} (epoch millis) plays the part of the Redis server's clock.
 */
public final class InMemoryClusterStore {

    private final LongSupplier clock;
    private final Map<String, NodeRecord> nodes = new HashMap<>();
    /** Dead node to the node cleaning it up. */
    private final Map<String, String> claims = new HashMap<>();
    private final Map<String, AppState> apps = new HashMap<>();
    /**
     * The presence version of the last member added or removed in any channel: one counter serves
     * every channel, which keeps each channel's versions increasing. It follows the clock in
     * microseconds, as the Redis store's do, and survives {@link #clear()}.
     */
    private long presenceVersion;
    /** The store's epoch: null when it holds nothing (new, or lost), else named by the first re-assertion into it. */
    private String epoch;
    private long epochsBegun;
    /** Until when (clock ms) the store refuses reads and changes, after a node restored into a store that lost its data. */
    private long recoveringUntil;

    public InMemoryClusterStore() {
        this(System::currentTimeMillis);
    }

    public InMemoryClusterStore(LongSupplier clock) {
        this.clock = clock;
    }

    /** The view of node {@code nodeId}, whose lease lasts {@code lease}. */
    public InMemoryClusterState node(String nodeId, Duration lease) {
        if (nodeId == null || nodeId.isEmpty()) {
            throw new IllegalArgumentException("a node id must not be empty");
        }
        if (lease.toMillis() <= 0) {
            throw new IllegalArgumentException("a lease must be positive: " + lease);
        }
        return new InMemoryClusterState(this, nodeId, lease.toMillis());
    }

    /** Forgets everything, as a Redis server restarted without its data would. */
    public synchronized void clear() {
        nodes.clear();
        claims.clear();
        apps.clear();
        epoch = null;
        recoveringUntil = 0;
    }

    /**
     * Runs {@code work} unless the store is recovering from a loss of its data, or lost it since the
     * node that knows {@code knownEpoch} ("" for none yet) last re-asserted; then fails with
     * {@link StateRecoveringException}.
     */
    synchronized <T> T unlessRecovering(String knownEpoch, long lease, Supplier<T> work) {
        if (!knownEpoch.isEmpty() && !knownEpoch.equals(epoch)) {
            throw new StateRecoveringException(lease);
        }
        long left = recoveringUntil - clock.getAsLong();
        if (left > 0) {
            throw new StateRecoveringException(left);
        }
        return work.get();
    }

    // ---- lease --------------------------------------------------------------------------------

    synchronized boolean renewLease(String self, long lease, Map<String, Integer> connectionsByApp) {
        NodeRecord node = nodes.get(self);
        if (node == null || !node.reasserted || claims.containsKey(self)) {
            return false;
        }
        long now = clock.getAsLong();
        markBackIfLapsed(node, now, lease);
        node.leaseExpiry = now + lease;
        node.connectionsByApp = Map.copyOf(connectionsByApp);
        return true;
    }

    /**
     * When the node's lease had run out, it was cut off from the store (or the store from
     * everyone): the leases that ran out meanwhile prove nothing, so for one lease it claims nobody.
     */
    private static void markBackIfLapsed(NodeRecord node, long now, long lease) {
        if (node.leaseExpiry < now) {
            node.backUntil = now + lease;
        }
    }

    /**
     * The longest-dead node nobody else alive is cleaning up, as the Redis store picks it: one this
     * node claimed and has not finished cleaning up comes back, to be resumed.
     */
    synchronized Optional<String> claimExpiredNode(String self) {
        long now = clock.getAsLong();
        if (!alive(self, now) || claims.containsKey(self) || nodes.get(self).backUntil > now) {
            return Optional.empty();
        }
        List<Map.Entry<String, NodeRecord>> expired = nodes.entrySet().stream()
                .filter(node -> node.getValue().leaseExpiry < now)
                .sorted(Comparator.comparingLong(node -> node.getValue().leaseExpiry))
                .toList();
        for (Map.Entry<String, NodeRecord> candidate : expired) {
            String dead = candidate.getKey();
            String claimer = claims.get(dead);
            if (claimer == null || claimer.equals(self) || !alive(claimer, now)) {
                claims.put(dead, self);
                return Optional.of(dead);
            }
        }
        return Optional.empty();
    }

    synchronized Cleanup cleanUp(String self, String target, int limit) {
        if (!target.equals(self) && !self.equals(claims.get(target))) {
            return new Cleanup(List.of(), true);
        }
        NodeRecord node = nodes.get(target);
        if (node == null) {
            claims.remove(target);
            return new Cleanup(List.of(), true);
        }
        List<Transition> transitions = new ArrayList<>();
        List<NodeEntry> step = node.entries.keySet().stream().limit(Math.max(1, limit)).toList();
        for (NodeEntry entry : step) {
            remove(node, entry, transitions);
        }
        if (!node.entries.isEmpty()) {
            return new Cleanup(List.copyOf(transitions), false);
        }
        nodes.remove(target);
        claims.remove(target);
        return new Cleanup(List.copyOf(transitions), true);
    }

    /**
     * Re-asserts the node's part; {@code knownEpoch} is the epoch of its previous re-assertion ("" for
     * none), and {@code epochNow} is told the store's epoch afterwards.
     */
    synchronized Reassertion reassert(String self, long lease, NodeSnapshot snapshot, String knownEpoch,
            Consumer<String> epochNow) {
        long now = clock.getAsLong();
        boolean lost;
        if (epoch == null) {
            epoch = "epoch-" + ++epochsBegun;
            lost = !knownEpoch.isEmpty();
            recoveringUntil = lost ? now + 2 * lease : 0;
        } else {
            lost = !knownEpoch.isEmpty() && !knownEpoch.equals(epoch);
        }
        List<Transition> transitions = reassertPart(self, lease, snapshot, !knownEpoch.isEmpty());
        epochNow.accept(epoch);
        return new Reassertion(lost ? List.of() : transitions, lost, Math.max(0, recoveringUntil - now));
    }

    private List<Transition> reassertPart(String self, long lease, NodeSnapshot snapshot, boolean knownBefore) {
        long now = clock.getAsLong();
        // A node the store knew once and no longer holds was cleaned up: its lease ran out.
        NodeRecord node = nodes.computeIfAbsent(self, id -> new NodeRecord(knownBefore ? 0 : now));
        markBackIfLapsed(node, now, lease);
        Map<NodeEntry, Long> wanted = new LinkedHashMap<>();
        Map<NodeEntry, String> userInfo = new HashMap<>();
        snapshot.channels().forEach(c -> wanted.merge(new Subscriptions(c.appId(), c.channel()), (long) c.subscriptions(), Long::sum));
        for (NodeSnapshot.MemberEntry m : snapshot.members()) {
            Member member = new Member(m.appId(), m.channel(), m.userId());
            wanted.merge(member, (long) m.connections(), Long::sum);
            userInfo.putIfAbsent(member, m.userInfoJson());
        }
        snapshot.users().forEach(u -> wanted.merge(new SignedIn(u.appId(), u.userId()), (long) u.connections(), Long::sum));

        List<Transition> transitions = new ArrayList<>();
        for (NodeEntry held : List.copyOf(node.entries.keySet())) {
            if (wanted.getOrDefault(held, 0L) <= 0) {
                remove(node, held, transitions);
            }
        }
        wanted.forEach((entry, count) -> {
            if (count > 0) {
                long[] change = move(node, entry, count, userInfo.get(entry));
                report(entry, change[0], change[1], userInfo.get(entry), transitions);
            }
        });
        node.reasserted = true;
        node.leaseExpiry = clock.getAsLong() + lease;
        node.connectionsByApp = snapshot.connectionsByApp();
        claims.remove(self);
        return List.copyOf(transitions);
    }

    // ---- channels, presence, users ------------------------------------------------------------

    synchronized Occupancy changeSubscriptions(String self, long lease, String appId, String channel, int delta) {
        long[] change = add(self, lease, new Subscriptions(appId, channel), delta, null);
        boolean transitioned = (change[0] == 0) != (change[1] == 0);
        return new Occupancy(change[1], transitioned);
    }

    synchronized PresenceJoin joinPresence(String self, long lease, String appId, String channel, String userId,
            String userInfoJson, int maxMembers) {
        Map<String, PresenceMember> members = app(appId).presence.getOrDefault(channel, Map.of());
        if (!members.containsKey(userId) && members.size() >= maxMembers) {
            return new PresenceJoin(PresenceJoin.Outcome.FULL, membersOf(appId, channel), presenceVersion);
        }
        long[] change = add(self, lease, new Member(appId, channel, userId), 1, userInfoJson);
        PresenceJoin.Outcome outcome = change[0] == 0 ? PresenceJoin.Outcome.NEW_MEMBER : PresenceJoin.Outcome.ANOTHER_CONNECTION;
        return new PresenceJoin(outcome, membersOf(appId, channel), presenceVersion);
    }

    synchronized Occupancy confirmUnsubscribed(String self, long lease, String appId, String channel) {
        NodeRecord node = nodes.get(self);
        if (node != null && node.entries.getOrDefault(new Subscriptions(appId, channel), 0L) > 0) {
            return changeSubscriptions(self, lease, appId, channel, -1);
        }
        long subscriptions = app(appId).subscriptions.getOrDefault(channel, 0L);
        return new Occupancy(subscriptions, subscriptions == 0);
    }

    synchronized OptionalLong confirmDeparture(String self, long lease, String appId, String channel, String userId) {
        Member entry = new Member(appId, channel, userId);
        NodeRecord node = nodes.get(self);
        if (node != null && node.entries.getOrDefault(entry, 0L) > 0) {
            return leavePresence(self, lease, appId, channel, userId);
        }
        if (app(appId).presence.getOrDefault(channel, Map.of()).containsKey(userId)) {
            return OptionalLong.empty();
        }
        nextPresenceVersion();
        return OptionalLong.of(presenceVersion);
    }

    synchronized OptionalLong leavePresence(String self, long lease, String appId, String channel, String userId) {
        long[] change = add(self, lease, new Member(appId, channel, userId), -1, null);
        return change[0] > 0 && change[1] == 0 ? OptionalLong.of(presenceVersion) : OptionalLong.empty();
    }

    /** True when the user's total left or reached zero. */
    synchronized boolean changeSignedIn(String self, long lease, String appId, String userId, int delta) {
        long[] change = add(self, lease, new SignedIn(appId, userId), delta, null);
        return (change[0] == 0) != (change[1] == 0);
    }

    synchronized ChannelCounts channelCounts(String appId, String channel) {
        AppState app = app(appId);
        return new ChannelCounts(app.subscriptions.getOrDefault(channel, 0L), app.presence.getOrDefault(channel, Map.of()).size());
    }

    synchronized Map<String, ChannelCounts> occupiedChannels(String appId, String prefix) {
        AppState app = app(appId);
        Map<String, ChannelCounts> occupied = new LinkedHashMap<>();
        for (Map.Entry<String, Long> channel : app.subscriptions.tailMap(prefix, true).entrySet()) {
            if (!channel.getKey().startsWith(prefix)) {
                break;
            }
            long users = app.presence.getOrDefault(channel.getKey(), Map.of()).size();
            occupied.put(channel.getKey(), new ChannelCounts(channel.getValue(), users));
        }
        return occupied;
    }

    synchronized Map<String, String> presenceMembers(String appId, String channel) {
        return membersOf(appId, channel);
    }

    synchronized Set<String> onlineUsers(String appId, Collection<String> userIds) {
        Map<String, Long> signedIn = app(appId).signedIn;
        Set<String> online = new LinkedHashSet<>();
        for (String userId : userIds) {
            if (signedIn.getOrDefault(userId, 0L) > 0) {
                online.add(userId);
            }
        }
        return online;
    }

    // ---- connections and cache ----------------------------------------------------------------

    synchronized Map<String, Long> connectionsByApp() {
        long now = clock.getAsLong();
        Map<String, Long> sums = new TreeMap<>();
        for (NodeRecord node : nodes.values()) {
            if (node.leaseExpiry >= now) {
                node.connectionsByApp.forEach((app, count) -> sums.merge(app, (long) count, Long::sum));
            }
        }
        return sums;
    }

    synchronized int liveNodes() {
        long now = clock.getAsLong();
        return (int) nodes.values().stream().filter(node -> node.leaseExpiry >= now).count();
    }

    synchronized void putCachedEvent(String appId, String channel, String event, String data, int ttlSeconds) {
        app(appId).cache.put(channel, event, data, ttlSeconds, clock.getAsLong());
    }

    synchronized Optional<CachedEvent> cachedEvent(String appId, String channel) {
        return app(appId).cache.get(channel, clock.getAsLong());
    }

    // ---- the model ----------------------------------------------------------------------------

    private boolean alive(String nodeId, long now) {
        NodeRecord node = nodes.get(nodeId);
        return node != null && node.leaseExpiry >= now;
    }

    /** Adds {@code delta} to the node's count of {@code entry}, never below zero; a node the store does not know gets a lease first. */
    private long[] add(String self, long lease, NodeEntry entry, int delta, String userInfoJson) {
        NodeRecord node = nodes.computeIfAbsent(self, id -> new NodeRecord(clock.getAsLong() + lease));
        long target = node.entries.getOrDefault(entry, 0L) + delta;
        if (target < 0) {
            long total = total(entry);
            return new long[] {total, total};
        }
        return move(node, entry, target, userInfoJson);
    }

    /** Takes the node's whole count of {@code entry} out of the totals and reports what that changed. */
    private void remove(NodeRecord node, NodeEntry entry, List<Transition> transitions) {
        long[] change = move(node, entry, 0, null);
        report(entry, change[0], change[1], null, transitions);
    }

    /**
     * Sets the node's count of {@code entry} to {@code target} and moves the cluster total by the
     * same amount; a member's user_info is stored when the member appears. Returns the total before
     * and after.
     */
    private long[] move(NodeRecord node, NodeEntry entry, long target, String userInfoJson) {
        long mine = node.entries.getOrDefault(entry, 0L);
        long before = total(entry);
        if (target == mine) {
            return new long[] {before, before};
        }
        if (target > 0) {
            node.entries.put(entry, target);
        } else {
            node.entries.remove(entry);
        }
        long after = Math.max(0, before + target - mine);
        setTotal(entry, after, userInfoJson);
        return new long[] {before, after};
    }

    private long total(NodeEntry entry) {
        AppState app = app(entry.appId());
        return switch (entry) {
            case Subscriptions s -> app.subscriptions.getOrDefault(s.channel(), 0L);
            case Member m -> {
                PresenceMember member = app.presence.getOrDefault(m.channel(), Map.of()).get(m.userId());
                yield member == null ? 0 : member.connections;
            }
            case SignedIn u -> app.signedIn.getOrDefault(u.userId(), 0L);
        };
    }

    private void setTotal(NodeEntry entry, long total, String userInfoJson) {
        AppState app = app(entry.appId());
        switch (entry) {
            case Subscriptions s -> putOrRemove(app.subscriptions, s.channel(), total);
            case SignedIn u -> putOrRemove(app.signedIn, u.userId(), total);
            case Member m -> {
                Map<String, PresenceMember> members = app.presence.computeIfAbsent(m.channel(), c -> new LinkedHashMap<>());
                PresenceMember member = members.get(m.userId());
                if (total <= 0) {
                    members.remove(m.userId());
                    nextPresenceVersion();
                } else if (member == null) {
                    members.put(m.userId(), new PresenceMember(total, userInfoJson == null ? "null" : userInfoJson));
                    nextPresenceVersion();
                } else {
                    member.connections = total;
                }
                if (members.isEmpty()) {
                    app.presence.remove(m.channel());
                }
            }
        }
    }

    private void nextPresenceVersion() {
        presenceVersion = Math.max(presenceVersion + 1, clock.getAsLong() * 1000);
    }

    private static void putOrRemove(Map<String, Long> totals, String key, long total) {
        if (total > 0) {
            totals.put(key, total);
        } else {
            totals.remove(key);
        }
    }

    private void report(NodeEntry entry, long before, long after, String userInfoJson, List<Transition> transitions) {
        Transition t = Transition.between(entry, before, after,
                () -> memberInfo((Member) entry, userInfoJson), presenceVersion);
        if (t != null) {
            transitions.add(t);
        }
    }

    private String memberInfo(Member m, String fallback) {
        PresenceMember member = app(m.appId()).presence.getOrDefault(m.channel(), Map.of()).get(m.userId());
        return member != null ? member.userInfoJson : fallback == null ? "null" : fallback;
    }

    private Map<String, String> membersOf(String appId, String channel) {
        Map<String, String> members = new LinkedHashMap<>();
        app(appId).presence.getOrDefault(channel, Map.of()).forEach((user, member) -> members.put(user, member.userInfoJson));
        return members;
    }

    private AppState app(String appId) {
        return apps.computeIfAbsent(appId, id -> new AppState());
    }

    /** One node's part: its lease, its connections per app and its count of every entry. */
    private static final class NodeRecord {
        long leaseExpiry;
        /** Until when (clock ms) it claims nobody: it came back after its own lease had run out. */
        long backUntil;
        /** Written by a reassert: without it the store does not hold the node's whole part. */
        boolean reasserted;
        Map<String, Integer> connectionsByApp = Map.of();
        final Map<NodeEntry, Long> entries = new LinkedHashMap<>();

        NodeRecord(long leaseExpiry) {
            this.leaseExpiry = leaseExpiry;
        }
    }

    /** Cluster-wide totals of one app. */
    private static final class AppState {
        /** Occupied channels, by name, to their subscription count. */
        final TreeMap<String, Long> subscriptions = new TreeMap<>();
        final Map<String, Map<String, PresenceMember>> presence = new HashMap<>();
        final Map<String, Long> signedIn = new HashMap<>();
        final InMemoryEventCache cache = new InMemoryEventCache();
    }

    private static final class PresenceMember {
        long connections;
        final String userInfoJson;

        PresenceMember(long connections, String userInfoJson) {
            this.connections = connections;
            this.userInfoJson = userInfoJson;
        }
    }

    @Override
    public synchronized String toString() {
        return "InMemoryClusterStore[" + nodes.size() + " nodes]";
    }
}
