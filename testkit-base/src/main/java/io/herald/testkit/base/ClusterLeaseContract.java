package io.herald.testkit.base;

import static io.herald.cluster.ClusterState.PresenceJoin.Outcome.ANOTHER_CONNECTION;
import static io.herald.cluster.ClusterState.PresenceJoin.Outcome.FULL;
import static io.herald.cluster.ClusterState.PresenceJoin.Outcome.NEW_MEMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.herald.cluster.ClusterState;
import io.herald.cluster.ClusterState.ChannelCounts;
import io.herald.cluster.ClusterState.Cleanup;
import io.herald.cluster.ClusterState.Occupancy;
import io.herald.cluster.ClusterState.PresenceJoin;
import io.herald.cluster.ClusterState.Reassertion;
import io.herald.cluster.NodeSnapshot;
import io.herald.cluster.NodeSnapshot.ChannelEntry;
import io.herald.cluster.NodeSnapshot.MemberEntry;
import io.herald.cluster.NodeSnapshot.UserEntry;
import io.herald.cluster.StateRecoveringException;
import io.herald.cluster.Transition;
import io.herald.cluster.Transition.ChannelOccupied;
import io.herald.cluster.Transition.ChannelVacated;
import io.herald.cluster.Transition.MemberAdded;
import io.herald.cluster.Transition.MemberRemoved;
import io.herald.cluster.Transition.SubscriptionCountChanged;
import io.herald.cluster.Transition.UserOffline;
import io.herald.cluster.Transition.UserOnline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The part of the {@link ClusterStateContract} about leases: renewing, claiming a dead node,
 * cleaning it up, a node leaving or coming back. Kept apart because it is the part about time and
 * failures; every driver runs it through {@link ClusterStateContract}, which extends it.
 */
public abstract class ClusterLeaseContract extends ClusterTestSupport {

    @BeforeEach
    void openStore() {
        newStore();
    }

    @AfterEach
    void closeNodes() {
        closeTracked();
    }

    // ---- leases, claims and clean-up ----------------------------------------------------------

    @Test
    void renewLeaseHoldsOnlyWhileTheNodesPartIsWhole() {
        ClusterState fresh = openTracked("fresh", LONG_LEASE);
        assertThat(await(fresh.renewLease(Map.of()))).as("never reasserted").isFalse();
        assertThat(await(fresh.reassert(snapshot(List.of(), List.of(), List.of()))).transitions()).isEmpty();
        assertThat(await(fresh.renewLease(Map.of(APP, 1)))).isTrue();
        assertThat(await(node("other").claimExpiredNode())).as("a live node is nobody's to clean up").isEmpty();

        await(fresh.subscribed(APP, "news"));
        Cleanup left = await(fresh.cleanUp("fresh", 100));

        assertThat(left).isEqualTo(new Cleanup(List.of(new ChannelVacated(APP, "news")), true));
        assertThat(await(fresh.renewLease(Map.of(APP, 1)))).as("cleaned up").isFalse();
        assertThat(await(fresh.connectionsByApp())).isEmpty();
    }

    @Test
    void expiredNodeIsClaimedByExactlyOneOfManyClaimers() {
        List<ClusterState> claimers = nodes(4);
        ClusterState dead = node("dead", SHORT_LEASE);
        await(dead.subscribed(APP, "news"));
        await(dead.renewLease(Map.of(APP, 1)));
        awaitCondition(() -> await(claimers.getFirst().connectionsByApp()).isEmpty());

        List<Optional<String>> claims = inParallel(40, i -> claimers.get(i % claimers.size()).claimExpiredNode());

        // The winner gets it again from each of its calls until it has cleaned it up; nobody else gets it.
        Set<Integer> winners = IntStream.range(0, claims.size()).filter(i -> claims.get(i).isPresent())
                .mapToObj(i -> i % claimers.size()).collect(Collectors.toSet());
        assertThat(winners).as("claimers that got it").hasSize(1);
        assertThat(claims).filteredOn(Optional::isPresent).containsOnly(Optional.of("dead"));
        assertThat(await(dead.renewLease(Map.of(APP, 1)))).as("claimed for clean-up").isFalse();
    }

    @Test
    void claimerGetsItsUnfinishedCleanUpBackUntilItIsDone() {
        ClusterState dead = node("dead", SHORT_LEASE);
        await(dead.subscribed(APP, "c1"));
        await(dead.subscribed(APP, "c2"));
        ClusterState claimer = node("claimer");
        ClusterState other = node("other");
        claimWhileAlive(claimer, "dead");
        // Its clean-up stops half-way (the store failed the next step, or the claim's reply was lost before any).
        assertThat(await(claimer.cleanUp("dead", 1)).done()).isFalse();

        assertThat(await(other.claimExpiredNode())).as("the claimer is alive").isEmpty();
        assertThat(await(claimer.claimExpiredNode())).as("resumed by its claimer").contains("dead");
        assertThat(unversioned(cleanUpUntilDone(claimer, "dead", 1))).hasSize(1);
        assertThat(await(claimer.claimExpiredNode())).as("done").isEmpty();
        assertThat(await(other.occupiedChannels(APP, ""))).isEmpty();
    }

    /**
     * The store unreachable for longer than the lease (a Redis Cluster shard failing over, say):
     * every lease there ran out, the live nodes' too. The first node back must not clean up the
     * others, who are about to renew, nor decide about anyone before they had a lease to do so.
     */
    @Test
    void nodesBackFromAnOutageLongerThanTheLeaseDoNotClaimEachOther() {
        Duration lease = Duration.ofSeconds(1);
        ClusterState first = node("first", lease);
        ClusterState second = node("second", lease);
        ClusterState killed = node("killed", lease);
        await(second.joinPresence(APP, "presence-room", "bob", "null", 100));
        await(killed.joinPresence(APP, "presence-room", "victim", "null", 100));
        awaitCondition(() -> await(first.liveNodes()) == 0);

        assertThat(await(first.renewLease(Map.of()))).isTrue();
        assertThat(await(first.claimExpiredNode())).as("the first back, while the others' leases are out").isEmpty();
        AtomicReference<Optional<String>> claimed = new AtomicReference<>(Optional.empty());
        awaitCondition(() -> {
            assertThat(await(second.renewLease(Map.of()))).as("the second back is never claimed").isTrue();
            assertThat(await(first.renewLease(Map.of()))).isTrue();
            claimed.set(await(first.claimExpiredNode()));
            return claimed.get().isPresent();
        });

        assertThat(claimed.get()).as("once back for a lease, the node that did not come back").contains("killed");
        assertThat(unversioned(cleanUpUntilDone(first, "killed", 10)))
                .containsExactly(new MemberRemoved(APP, "presence-room", "victim", 0));
        assertThat(await(second.presenceMembers(APP, "presence-room"))).containsOnlyKeys("bob");
    }

    @Test
    void cleanUpInSmallStepsReportsEveryTransitionOnceEvenWhenResumedByAnotherClaimer() {
        ClusterState survivor = node("survivor");
        ClusterState dead = node("dead", SHORT_LEASE);
        for (String channel : List.of("c1", "c2", "c3", "c4")) {
            await(dead.subscribed(APP, channel));
        }
        await(dead.subscribed(APP, "shared"));
        await(dead.subscribed(APP, "shared"));
        await(survivor.subscribed(APP, "shared"));
        await(dead.joinPresence(APP, "presence-room", "gone", "null", 100));
        await(dead.joinPresence(APP, "presence-room", "stays", "null", 100));
        await(survivor.joinPresence(APP, "presence-room", "stays", "null", 100));
        await(dead.userSignedIn(APP, "gone"));
        await(dead.userSignedIn(APP, "stays"));
        await(survivor.userSignedIn(APP, "stays"));

        ClusterState firstClaimer = node("first-claimer", Duration.ofSeconds(3));
        claimWhileAlive(firstClaimer, "dead");
        List<Transition> reported = new ArrayList<>();
        for (int step = 0; step < 2; step++) {
            Cleanup cleanup = await(firstClaimer.cleanUp("dead", 2));
            assertThat(cleanup.done()).isFalse();
            reported.addAll(cleanup.transitions());
        }
        ClusterState secondClaimer = node("second-claimer");
        assertThat(await(secondClaimer.claimExpiredNode())).as("the first claimer is alive").isEmpty();

        // The first claimer stops renewing its lease: once it expires, the clean-up is another's to finish.
        awaitCondition(() -> await(secondClaimer.claimExpiredNode()).equals(Optional.of("dead")));
        assertThat(await(firstClaimer.cleanUp("dead", 2))).as("taken over").isEqualTo(new Cleanup(List.of(), true));
        reported.addAll(cleanUpUntilDone(secondClaimer, "dead", 2));

        assertThat(unversioned(reported)).containsExactlyInAnyOrder(
                new ChannelVacated(APP, "c1"), new ChannelVacated(APP, "c2"), new ChannelVacated(APP, "c3"),
                new ChannelVacated(APP, "c4"), new SubscriptionCountChanged(APP, "shared", 1),
                new MemberRemoved(APP, "presence-room", "gone", 0), new UserOffline(APP, "gone"));
        assertThat(await(survivor.occupiedChannels(APP, ""))).containsOnlyKeys("shared");
        assertThat(await(survivor.channelCounts(APP, "shared"))).isEqualTo(new ChannelCounts(1, 0));
        assertThat(await(survivor.presenceMembers(APP, "presence-room"))).containsOnlyKeys("stays");
        assertThat(await(survivor.onlineUsers(APP, List.of("gone", "stays")))).containsExactly("stays");
        assertThat(await(dead.renewLease(Map.of()))).isFalse();
        assertThat(await(secondClaimer.cleanUp("dead", 2))).isEqualTo(new Cleanup(List.of(), true));
        assertThat(await(secondClaimer.claimExpiredNode())).as("the first claimer's own lease ran out").contains("first-claimer");
    }

    @Test
    void leavingNodeCleansUpItsOwnPart() {
        ClusterState survivor = node("survivor");
        ClusterState leaving = node("leaving");
        await(leaving.subscribed(APP, "news"));
        await(leaving.subscribed(APP, "shared"));
        await(survivor.subscribed(APP, "shared"));
        await(leaving.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(leaving.userSignedIn(APP, "u1"));
        await(leaving.renewLease(Map.of(APP, 2)));

        List<Transition> reported = cleanUpUntilDone(leaving, "leaving", 1);

        assertThat(unversioned(reported)).containsExactlyInAnyOrder(new ChannelVacated(APP, "news"),
                new SubscriptionCountChanged(APP, "shared", 1), new MemberRemoved(APP, "presence-room", "u1", 0), new UserOffline(APP, "u1"));
        assertThat(await(survivor.connectionsByApp())).isEmpty();
        assertThat(await(survivor.occupiedChannels(APP, ""))).containsOnlyKeys("shared");
    }

    @Test
    void nodeThatCameBackIsNoLongerCleanedUp() {
        ClusterState dead = node("dead", SHORT_LEASE);
        await(dead.subscribed(APP, "c1"));
        await(dead.subscribed(APP, "c2"));
        await(dead.joinPresence(APP, "presence-room", "u1", "{\"n\":1}", 100));
        ClusterState claimer = node("claimer");
        claimWhileAlive(claimer, "dead");
        List<Transition> removed = await(claimer.cleanUp("dead", 1)).transitions();
        assertThat(removed).hasSize(1);

        assertThat(await(dead.renewLease(Map.of()))).isFalse();
        List<Transition> restored = await(dead.reassert(snapshot(
                List.of(new ChannelEntry(APP, "c1", 1), new ChannelEntry(APP, "c2", 1)),
                List.of(new MemberEntry(APP, "presence-room", "u1", "{\"n\":1}", 1)), List.of()))).transitions();

        assertThat(unversioned(restored)).containsExactlyElementsOf(List.of(reversed(removed.getFirst())));
        assertThat(await(claimer.cleanUp("dead", 100))).isEqualTo(new Cleanup(List.of(), true));
        assertThat(await(dead.renewLease(Map.of()))).isTrue();
        assertThat(await(claimer.occupiedChannels(APP, ""))).containsOnlyKeys("c1", "c2");
        assertThat(await(claimer.presenceMembers(APP, "presence-room"))).isEqualTo(Map.of("u1", "{\"n\":1}"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** Renews {@code claimer}'s lease and asks for a claim until it gets {@code dead}. */
    protected static void claimWhileAlive(ClusterState claimer, String dead) {
        AtomicReference<Optional<String>> claimed = new AtomicReference<>(Optional.empty());
        awaitCondition(() -> {
            assertThat(await(claimer.renewLease(Map.of()))).isTrue();
            claimed.set(await(claimer.claimExpiredNode()));
            return claimed.get().isPresent();
        });
        assertThat(claimed.get()).contains(dead);
    }

    protected static List<Transition> cleanUpUntilDone(ClusterState cleaner, String node, int limit) {
        List<Transition> reported = new ArrayList<>();
        for (int step = 0; step < 1_000; step++) {
            Cleanup cleanup = await(cleaner.cleanUp(node, limit));
            assertThat(cleanup.transitions().size()).isLessThanOrEqualTo(limit);
            reported.addAll(cleanup.transitions());
            if (cleanup.done()) {
                return reported;
            }
        }
        throw new AssertionError("clean-up of " + node + " never finished");
    }

    /** The failure of {@code stage}, or null when it succeeds. */
    protected static Throwable failureOf(CompletionStage<?> stage) {
        try {
            stage.toCompletableFuture().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException | InterruptedException e) {
            throw new AssertionError("the call did not complete", e);
        }
    }

    /** The transitions with every presence version set to 0, to compare with expected ones. */
    protected static List<Transition> unversioned(List<Transition> transitions) {
        return transitions.stream().map(t -> switch (t) {
            case MemberAdded m -> new MemberAdded(m.appId(), m.channel(), m.userId(), m.userInfoJson(), 0);
            case MemberRemoved m -> new MemberRemoved(m.appId(), m.channel(), m.userId(), 0);
            default -> t;
        }).toList();
    }

    /** What re-adding undoes a removal reports. */
    protected static Transition reversed(Transition removal) {
        return switch (removal) {
            case ChannelVacated v -> new ChannelOccupied(v.appId(), v.channel(), 1);
            case MemberRemoved r -> new MemberAdded(r.appId(), r.channel(), r.userId(), "{\"n\":1}", 0);
            default -> throw new AssertionError("not a removal this test makes: " + removal);
        };
    }

    protected static NodeSnapshot snapshot(List<ChannelEntry> channels, List<MemberEntry> members, List<UserEntry> users) {
        return new NodeSnapshot(channels, members, users, Map.of());
    }
}
