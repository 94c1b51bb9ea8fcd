package io.herald.link;

import io.herald.cluster.ClusterState;
import io.herald.cluster.NodeSnapshot;
import io.herald.cluster.ReassertionStoppedException;
import io.herald.cluster.Transition;
import io.herald.concurrent.Futures;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's share of the cluster state alive: renews its lease every heartbeat with its
 * connection counts, re-asserts the whole share when the store lost it or an operation failed,
 * cleans up after nodes whose lease expired, and removes its own share when the node leaves. The
 * transitions those steps cause are handed to the {@link Announcer}.
 *
 * <p>Runs on its own timer thread and the state driver's threads.
 */
public final class NodeLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);
    private static final int CLEANUP_BATCH = 500;
    private static final long LEAVE_TIMEOUT_MILLIS = 5_000;

    /** A member's connection (userId) or a subscription (userId null) that left this node. */
    private record Departure(String appId, String channel, String userId) {}

    /** An app's connections on every node, and how many of them this node reported, from one heartbeat. */
    private record ConnectionCounts(Map<String, Long> everywhere, Map<String, Integer> reportedHere) {}

    private final ClusterState state;
    private final Announcer announcer;
    private final ClusterMetrics metrics;
    private final Supplier<NodeSnapshot> snapshot;
    private final Supplier<Map<String, Integer>> connectionsByApp;
    private final long heartbeatMillis;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean reassertNeeded = new AtomicBoolean(true);
    private final AtomicBoolean cleaning = new AtomicBoolean();
    /** Presence departures from this node that the store could not record, to announce once it can. */
    private final Set<Departure> unrecorded = ConcurrentHashMap.newKeySet();
    /**
     * When (epoch ms) the store's recovery ends, after this node restored its share into a store
     * that had lost its data; 0 when no restore awaits its departures' confirmation.
     */
    private volatile long recoveryEndsAt;
    private volatile ConnectionCounts connections = new ConnectionCounts(Map.of(), Map.of());
    private volatile boolean closed;
    /** Nodes with a live lease at the last heartbeat, at least this one: an app's local share of a limit is its 1/n. */
    private volatile int liveNodes = 1;

    /**
     * @param snapshot this node's whole share, for re-asserting it
     * @param connectionsByApp this node's open connections per app id
     */
    public NodeLease(ClusterState state, Announcer announcer, ClusterMetrics metrics, Supplier<NodeSnapshot> snapshot,
            Supplier<Map<String, Integer>> connectionsByApp, long heartbeatMillis) {
        this.state = state;
        this.announcer = announcer;
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.connectionsByApp = connectionsByApp;
        this.heartbeatMillis = heartbeatMillis;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-cluster");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes the first lease before returning (or logs why it could not), then renews it every heartbeat. */
    public void start() {
        try {
            tick().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Cluster state not reachable at start ({}); retrying every {} ms", e.getMessage(), heartbeatMillis);
        }
        timer.scheduleWithFixedDelay(() -> tick(), heartbeatMillis, heartbeatMillis, TimeUnit.MILLISECONDS);
    }

    /** Nodes with a live lease at the last heartbeat (this one included): 1 until the first. */
    public int liveNodes() {
        return liveNodes;
    }

    /** Connections of an app on the other nodes, as they last reported them (for the app's limit). */
    public long connectionsElsewhere(String appId) {
        ConnectionCounts counts = connections;
        return Math.max(0, counts.everywhere().getOrDefault(appId, 0L) - counts.reportedHere().getOrDefault(appId, 0));
    }

    /**
     * Logs and counts a failed state operation, if {@code error} is one; this node then re-asserts
     * its whole share at the next heartbeat. Returns whether it was.
     */
    public boolean failed(Throwable error) {
        if (error == null) {
            return false;
        }
        metrics.stateFailure();
        reassertNeeded.set(true);
        LOG.warn("Cluster state operation failed: {}", error.getMessage());
        return true;
    }

    /**
     * A member's connection left this node but the store could not record it (it was unreachable,
     * recovering, or had lost its data): the member_removed it may make is announced once the
     * store is back, by {@link #confirmDepartures()} after a restore, or by the next re-assertion
     * when the store kept its data.
     */
    public void departureNotRecorded(String appId, String channel, String userId) {
        unrecorded.add(new Departure(appId, channel, userId));
    }

    /** A subscription ended on this node but the store could not record it: as {@link #departureNotRecorded}, for channel_vacated. */
    public void unsubscribeNotRecorded(String appId, String channel) {
        unrecorded.add(new Departure(appId, channel, null));
    }

    private CompletionStage<Void> tick() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        // Only the counts: the whole snapshot walks every channel and member, and is needed only to re-assert.
        Map<String, Integer> reported = connectionsByApp.get();
        return state.renewLease(reported).thenCompose(intact -> {
            if (!intact) {
                return reassert();
            }
            if (recoveryEndsAt != 0) {
                return System.currentTimeMillis() < recoveryEndsAt ? CompletableFuture.completedFuture(null) : confirmDepartures();
            }
            if (reassertNeeded.get()) {
                return reassert();
            }
            return CompletableFuture.completedFuture(null);
        }).thenCompose(done -> state.connectionsByApp()).thenAccept(everywhere -> {
            connections = new ConnectionCounts(everywhere, reported);
            cleanUpDeadNodes();
        }).thenCompose(done -> state.liveNodes()).thenAccept(live -> {
            liveNodes = Math.max(1, live);
        }).exceptionally(error -> {
            failed(error);
            return null;
        });
    }

    private CompletionStage<Void> reassert() {
        reassertNeeded.set(false);
        return state.reassert(snapshot.get()).whenComplete((reassertion, error) -> {
            if (error == null) {
                metrics.reasserted();
                if (reassertion.restored()) {
                    recoveryEndsAt = System.currentTimeMillis() + reassertion.recoveringMillis();
                    // Only from parts of a partitioned store that had kept their data: a restored part reports none.
                    reassertion.transitions().forEach(announcer::announce);
                    LOG.warn("The cluster state had lost its data: restored this node's share without announcing what was there"
                            + " all along; the state recovers for {} ms", reassertion.recoveringMillis());
                    return;
                }
                LOG.info("Re-asserted this node's share of the cluster state ({} transitions)", reassertion.transitions().size());
                reassertion.transitions().forEach(announcer::announce);
                if (recoveryEndsAt == 0) {
                    // The store kept its data: the re-assertion reported the departures it had missed.
                    unrecorded.clear();
                }
            } else if (Futures.unwrap(error) instanceof ReassertionStoppedException stopped) {
                // Its completed steps changed the state all the same; the next attempt will not see them as changes.
                stopped.applied().forEach(announcer::announce);
            }
        }).thenApply(transitions -> null);
    }

    /**
     * Once the store's recovery is over: each departure it could not record is announced, to
     * clients and webhooks, as member_removed when the user is no longer in the channel, and as
     * channel_vacated when nobody is subscribed to the channel any more.
     */
    private CompletionStage<Void> confirmDepartures() {
        CompletionStage<Void> done = CompletableFuture.completedFuture(null);
        for (Departure departure : List.copyOf(unrecorded)) {
            done = done.thenCompose(previous -> confirm(departure)).thenAccept(confirmed -> unrecorded.remove(departure));
        }
        return done.thenAccept(confirmed -> {
            recoveryEndsAt = 0;
            LOG.info("The cluster state has recovered from the loss of its data");
        });
    }

    private CompletionStage<Void> confirm(Departure departure) {
        if (departure.userId() == null) {
            return state.confirmUnsubscribed(departure.appId(), departure.channel()).thenAccept(occupancy -> {
                if (occupancy.transitioned()) {
                    announcer.announce(new Transition.ChannelVacated(departure.appId(), departure.channel()));
                }
            });
        }
        return state.confirmDeparture(departure.appId(), departure.channel(), departure.userId()).thenAccept(version ->
                version.ifPresent(v -> announcer.announce(
                        new Transition.MemberRemoved(departure.appId(), departure.channel(), departure.userId(), v))));
    }

    private void cleanUpDeadNodes() {
        if (closed || !cleaning.compareAndSet(false, true)) {
            return;
        }
        state.claimExpiredNode().thenCompose(dead -> {
            if (dead.isEmpty()) {
                return CompletableFuture.completedFuture(false);
            }
            LOG.warn("Node {} missed its lease; removing its connections from the cluster", dead.get());
            return cleanUp(dead.get()).thenApply(done -> {
                metrics.nodeCleanedUp();
                return true;
            });
        }).whenComplete((cleaned, error) -> {
            cleaning.set(false);
            failed(error);
            if (error == null && cleaned) {
                timer.execute(this::cleanUpDeadNodes);
            }
        });
    }

    private CompletionStage<Void> cleanUp(String nodeId) {
        return state.cleanUp(nodeId, CLEANUP_BATCH).thenCompose(step -> {
            step.transitions().forEach(announcer::announce);
            return step.done() ? CompletableFuture.completedFuture(null) : cleanUp(nodeId);
        });
    }

    /**
     * Leaves the cluster: removes what remains of this node's share, announcing the transitions
     * (so members still here at the end are removed everywhere at once), and stops renewing.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        try {
            cleanUp(state.nodeId()).toCompletableFuture().get(LEAVE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("Could not remove this node's cluster state on leaving ({}); other nodes remove it when its lease"
                    + " expires", e.getMessage());
        }
    }
}
