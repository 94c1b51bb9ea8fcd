package io.herald.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The state the nodes of a cluster share. Each node writes only its own part, keyed by its node id,
 * and keeps it by renewing a lease; every change that can make a webhook or a presence event is
 * decided atomically in the store and reported back as a transition, so it happens once per
 * cluster however many nodes act at the same moment.
 *
 * <p>Counts are kept per node and never go below zero: a decrement the store no longer has (the
 * node's part was already cleaned up) changes nothing and reports no transition. Every method
 * returns at once; results complete on the driver's threads, and fail when the store cannot be
 * reached. Thread-safe.
 */
public interface ClusterState extends AutoCloseable {

    /** The driver's name for logs and metrics: memory or redis. */
    String name();

    /** This node's id, unique per process start. */
    String nodeId();

    // ---- lease --------------------------------------------------------------------------------

    /**
     * Writes this node's lease (valid for the configured lease time from now) and its current
     * connection count per app. Completes with {@code true} while the node's part is intact, and
     * {@code false} when the store no longer had it (the lease had expired and was cleaned up, or
     * the store lost its data): the caller then {@link #reassert}s its whole state.
     */
    CompletionStage<Boolean> renewLease(Map<String, Integer> connectionsByApp);

    /**
     * Claims the clean-up of one node whose lease has expired. Exactly one node gets a given dead
     * node: no other while the claimer's lease is live; if the claimer dies before finishing, the
     * node becomes claimable again once the claimer's own lease expires. The claimer gets the node
     * again from each call until its clean-up is done, so a clean-up that failed half-way, or a
     * claim whose reply was lost, is resumed rather than left to nobody.
     *
     * <p>A node whose own lease had run out when it renewed it (it was cut off from the store, or
     * the store from every node, for longer than a lease) claims nobody for one lease after: the
     * leases that ran out meanwhile prove nothing until the nodes alive have had a lease to renew.
     */
    CompletionStage<Optional<String>> claimExpiredNode();

    /**
     * Removes up to {@code limit} entries of a node's state (a claimed dead node, or this node when
     * it leaves) and reports the transitions they cause. Removing an entry is atomic and happens
     * once, so a clean-up resumed by another claimer never reports a transition twice. When
     * {@code done}, the node's lease and everything under it are gone.
     */
    CompletionStage<Cleanup> cleanUp(String nodeId, int limit);

    /**
     * Replaces everything the store holds for this node with {@code snapshot} (after
     * {@link #renewLease} reported the part lost, or after reconnecting) and reports the
     * transitions that re-adding caused, such as a member other nodes had seen leave. A store that
     * re-asserts in several steps fails with {@link ReassertionStoppedException} when one fails,
     * carrying the transitions of the steps already made.
     *
     * <p><b>A store that lost its data.</b> When the store lost its data since this node last
     * re-asserted (it restarted empty, was flushed, failed over to a replica that lost writes),
     * the re-assertion only restores: what it writes back was there all along as far as clients
     * and webhooks know, so it reports no transitions, and the result says {@code restored}. The
     * first node to restore opens a recovery of two leases (time for every live node to reconnect
     * and renew): until it ends, or for a node that has not restored yet, every read and change of channels, members and users fails with
     * {@link StateRecoveringException} rather than answer from a partial store. Departures the
     * store could not record meanwhile are announced with {@link #confirmDeparture}.
     */
    CompletionStage<Reassertion> reassert(NodeSnapshot snapshot);

    /**
     * A member's connection that left this node while the store could not record it (it was
     * unreachable, recovering, or lost its data): takes it out as {@link #leavePresence} would if
     * the store holds it, and answers the presence version of the member's departure when the user
     * is not in the channel any more, giving the channel a new version for it if the store no
     * longer knew the user; empty while the user is still there.
     */
    CompletionStage<OptionalLong> confirmDeparture(String appId, String channel, String userId);

    /**
     * A subscription that ended on this node while the store could not record it: takes it out as
     * {@link #unsubscribed} would if the store holds it; {@code transitioned} when the channel is
     * empty everywhere now, whether this took out its last subscription or the store no longer
     * knew the channel.
     */
    CompletionStage<Occupancy> confirmUnsubscribed(String appId, String channel);

    // ---- channels -----------------------------------------------------------------------------

    /** One more subscription on this node; {@code transitioned} means the channel became occupied. */
    CompletionStage<Occupancy> subscribed(String appId, String channel);

    /** One subscription fewer on this node; {@code transitioned} means the channel became vacant. */
    CompletionStage<Occupancy> unsubscribed(String appId, String channel);

    /** Subscriptions and presence users of a channel across the cluster; zeros when unknown. */
    CompletionStage<ChannelCounts> channelCounts(String appId, String channel);

    /** Occupied channels of an app whose name starts with {@code prefix} (may be empty), by name. */
    CompletionStage<Map<String, ChannelCounts>> occupiedChannels(String appId, String prefix);

    // ---- presence -----------------------------------------------------------------------------

    /**
     * One more connection of {@code userId} in a presence channel on this node. The first
     * connection of a user anywhere makes a new member, with {@code userInfoJson} ("null" when
     * none) kept until the user's last connection anywhere leaves; when the channel already has
     * {@code maxMembers} users and this one is not among them, nothing changes and the outcome is
     * FULL. The result carries the members after the join and the channel's presence version then.
     *
     * <p><b>Presence versions.</b> Every member added to or removed from a channel gives the
     * channel a new version, greater than every version the channel had before, also after the
     * channel emptied or the store lost its data (versions follow the store's clock in
     * microseconds when it is ahead of the last version). So a member list read at version V
     * already reflects every change of version V or less, and of two changes of one user the later
     * has the greater version, whatever order they arrive in.
     */
    CompletionStage<PresenceJoin> joinPresence(String appId, String channel, String userId, String userInfoJson,
            int maxMembers);

    /**
     * One connection of the user fewer on this node; when the user left the channel everywhere,
     * the channel's presence version that change made, else empty.
     */
    CompletionStage<OptionalLong> leavePresence(String appId, String channel, String userId);

    /** The members of a presence channel: user id to user_info JSON text. */
    CompletionStage<Map<String, String>> presenceMembers(String appId, String channel);

    // ---- users --------------------------------------------------------------------------------

    /** One more connection signed in as the user on this node; {@code true} when the user came online. */
    CompletionStage<Boolean> userSignedIn(String appId, String userId);

    /** One signed-in connection fewer on this node; {@code true} when the user went offline everywhere. */
    CompletionStage<Boolean> userSignedOut(String appId, String userId);

    /** Which of {@code userIds} have a signed-in connection anywhere. */
    CompletionStage<Set<String>> onlineUsers(String appId, Collection<String> userIds);

    // ---- connections and cache ----------------------------------------------------------------

    /** Connections per app summed over every node with a live lease, as last reported by each. */
    CompletionStage<Map<String, Long>> connectionsByApp();

    /** How many nodes hold a live lease, this one included once it has one. */
    CompletionStage<Integer> liveNodes();

    /** Keeps a cache channel's last event for {@code ttlSeconds}. */
    CompletionStage<Void> putCachedEvent(String appId, String channel, String event, String data, int ttlSeconds);

    CompletionStage<Optional<CachedEvent>> cachedEvent(String appId, String channel);

    /** Whether the store is reachable now. */
    boolean connected();

    @Override
    void close();

    // ---- values -------------------------------------------------------------------------------

    /** A channel's subscription count after a change, and whether the change was a transition. */
    record Occupancy(long subscriptionCount, boolean transitioned) {}

    record ChannelCounts(long subscriptionCount, long userCount) {
        public boolean occupied() {
            return subscriptionCount > 0;
        }
    }

    /** A join's outcome, the members after it (user id to user_info JSON) and the channel's presence version then. */
    record PresenceJoin(Outcome outcome, Map<String, String> members, long version) {
        public enum Outcome {
            /** The user's first connection anywhere: the others get member_added. */
            NEW_MEMBER,
            /** The user was already present through another connection, here or elsewhere. */
            ANOTHER_CONNECTION,
            /** The channel holds the maximum number of users; nothing changed. */
            FULL
        }
    }

    /** A cache channel's last event and its remaining time to live in whole seconds (at least 1). */
    record CachedEvent(String event, String data, long ttlSeconds) {}

    /**
     * The outcome of a {@link #reassert}: its transitions, whether it restored the part into a
     * store that had lost its data (then without transitions, but for those of partitions of a
     * partitioned store that had kept theirs), and how long the store's recovery still lasts (0
     * when none).
     */
    record Reassertion(List<Transition> transitions, boolean restored, long recoveringMillis) {
        public Reassertion {
            transitions = List.copyOf(transitions);
        }
    }

    /** The outcome of one {@link #cleanUp} step. */
    record Cleanup(List<Transition> transitions, boolean done) {}
}
