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
 * What every {@link io.herald.cluster.ClusterState} driver must do, as one suite: a driver's test
 * extends this class and says how to start an empty store, open a node on it and wipe it. Several
 * node objects on one store stand for several processes sharing it. Leases run on the store's real
 * clock; tests that watch one expire use short leases and wait for the expiry, never sleep.
 *
 * <p>Conventions the drivers share and this suite pins down beyond the interface's javadoc: only
 * {@link ClusterState#reassert} makes a node's part whole, so {@link ClusterState#renewLease} of a
 * node that never reasserted is false; a node whose own lease has expired claims nothing; and
 * {@link ClusterState#cleanUp} by a node that is neither the node itself nor its current claimer
 * (its claim was taken over, or the node came back and reasserted) changes nothing and reports
 * {@code done}, so a claimer that was presumed dead stops by itself.
 */
public abstract class ClusterStateContract extends ClusterLeaseContract {

    // ---- channels -----------------------------------------------------------------------------

    @Test
    void channelBecomesOccupiedOnceWhenManyNodesSubscribeAtOnce() {
        List<ClusterState> nodes = nodes(4);

        List<Occupancy> subscribed = inParallel(200, i -> nodes.get(i % nodes.size()).subscribed(APP, "busy"));

        assertThat(subscribed).filteredOn(Occupancy::transitioned).singleElement()
                .satisfies(o -> assertThat(o.subscriptionCount()).isEqualTo(1));
        assertThat(subscribed).extracting(Occupancy::subscriptionCount).doesNotHaveDuplicates();
        assertThat(await(nodes.getFirst().channelCounts(APP, "busy"))).isEqualTo(new ChannelCounts(200, 0));

        List<Occupancy> unsubscribed = inParallel(200, i -> nodes.get(i % nodes.size()).unsubscribed(APP, "busy"));

        assertThat(unsubscribed).filteredOn(Occupancy::transitioned).singleElement()
                .satisfies(o -> assertThat(o.subscriptionCount()).isZero());
        assertThat(await(nodes.getLast().channelCounts(APP, "busy"))).isEqualTo(new ChannelCounts(0, 0));
        assertThat(await(nodes.getLast().occupiedChannels(APP, ""))).isEmpty();
    }

    @Test
    void subscriptionCountsSumAcrossNodes() {
        ClusterState a = node("a");
        ClusterState b = node("b");

        assertThat(await(a.subscribed(APP, "news"))).isEqualTo(new Occupancy(1, true));
        assertThat(await(b.subscribed(APP, "news"))).isEqualTo(new Occupancy(2, false));
        assertThat(await(b.subscribed(APP, "news"))).isEqualTo(new Occupancy(3, false));
        assertThat(await(a.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(2, false));

        assertThat(await(a.channelCounts(APP, "news"))).isEqualTo(new ChannelCounts(2, 0));
        assertThat(await(a.channelCounts("other-app", "news"))).isEqualTo(new ChannelCounts(0, 0));
        assertThat(await(b.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(1, false));
        assertThat(await(b.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(0, true));
    }

    @Test
    void unsubscribingWhatThisNodeDoesNotHoldChangesNothing() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.subscribed(APP, "news"));

        assertThat(await(b.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(1, false));
        assertThat(await(b.unsubscribed(APP, "never"))).isEqualTo(new Occupancy(0, false));
        assertThat(await(a.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(0, true));
        assertThat(await(a.unsubscribed(APP, "news"))).isEqualTo(new Occupancy(0, false));

        assertThat(await(a.subscribed(APP, "news"))).as("counts did not go below zero").isEqualTo(new Occupancy(1, true));
    }

    @Test
    void occupiedChannelsAreFilteredByPrefixTakenLiterally() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        List<String> channels = List.of("a[b", "a[c", "a\\b", "a-b", "ab", "b", "presence-room", "private-a", "é-ü");
        channels.forEach(c -> await(a.subscribed(APP, c)));
        await(b.subscribed(APP, "presence-room"));
        await(a.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(b.subscribed("other-app", "ab"));
        await(a.subscribed(APP, "gone"));
        await(a.unsubscribed(APP, "gone"));

        assertThat(await(b.occupiedChannels(APP, "a["))).containsOnlyKeys("a[b", "a[c");
        assertThat(await(b.occupiedChannels(APP, "a\\"))).containsOnlyKeys("a\\b");
        assertThat(await(b.occupiedChannels(APP, "a-"))).containsOnlyKeys("a-b");
        assertThat(await(b.occupiedChannels(APP, "a"))).containsOnlyKeys("a[b", "a[c", "a\\b", "a-b", "ab");
        assertThat(await(b.occupiedChannels(APP, "é"))).containsOnlyKeys("é-ü");
        assertThat(await(b.occupiedChannels(APP, "zzz"))).isEmpty();
        assertThat(await(b.occupiedChannels(APP, "gone"))).isEmpty();

        Map<String, ChannelCounts> all = await(b.occupiedChannels(APP, ""));
        assertThat(all).containsOnlyKeys(channels);
        assertThat(all.get("presence-room")).isEqualTo(new ChannelCounts(2, 1));
        assertThat(all.get("ab")).isEqualTo(new ChannelCounts(1, 0));
        assertThat(List.copyOf(all.keySet())).as("by name").isSorted();
        assertThat(await(a.occupiedChannels("other-app", ""))).containsOnlyKeys("ab");
    }

    @Test
    void listsManyOccupiedChannels() {
        ClusterState a = node("a");
        int count = 2_500;
        inParallel(count, i -> a.subscribed(APP, "c-%05d".formatted(i)));

        Map<String, ChannelCounts> all = await(a.occupiedChannels(APP, "c-"));

        assertThat(all).hasSize(count);
        assertThat(all.values()).containsOnly(new ChannelCounts(1, 0));
        assertThat(await(a.occupiedChannels(APP, "c-0249"))).hasSize(10);
    }

    // ---- presence -----------------------------------------------------------------------------

    @Test
    void firstConnectionOfAUserAnywhereMakesTheMember() {
        ClusterState a = node("a");
        ClusterState b = node("b");

        PresenceJoin first = await(a.joinPresence(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 100));
        assertThat(first.outcome()).isEqualTo(NEW_MEMBER);
        assertThat(first.members()).isEqualTo(Map.of("u1", "{\"name\":\"Ann\"}"));
        assertThat(await(b.joinPresence(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 100)).outcome()).isEqualTo(ANOTHER_CONNECTION);
        assertThat(await(a.joinPresence(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 100)).outcome()).isEqualTo(ANOTHER_CONNECTION);

        PresenceJoin second = await(b.joinPresence(APP, "presence-room", "u2", "null", 100));
        assertThat(second.outcome()).isEqualTo(NEW_MEMBER);
        assertThat(second.members()).isEqualTo(Map.of("u1", "{\"name\":\"Ann\"}", "u2", "null"));
        assertThat(await(a.presenceMembers(APP, "presence-room"))).isEqualTo(second.members());
        assertThat(await(a.channelCounts(APP, "presence-room")).userCount()).isEqualTo(2);
        assertThat(await(a.presenceMembers(APP, "presence-empty"))).isEmpty();
    }

    @Test
    void userJoiningFromManyNodesAtOnceIsOneNewMemberAndLeavesOnce() {
        List<ClusterState> nodes = nodes(4);

        List<PresenceJoin> joins = inParallel(120, i -> nodes.get(i % nodes.size()).joinPresence(APP, "presence-room", "u1", "{\"n\":" + i + "}", 100));

        assertThat(joins).filteredOn(j -> j.outcome() == NEW_MEMBER).hasSize(1);
        assertThat(joins).filteredOn(j -> j.outcome() == ANOTHER_CONNECTION).hasSize(119);
        assertThat(await(nodes.getFirst().presenceMembers(APP, "presence-room"))).containsOnlyKeys("u1");

        List<OptionalLong> leaves = inParallel(120, i -> nodes.get(i % nodes.size()).leavePresence(APP, "presence-room", "u1"));

        assertThat(leaves).filteredOn(OptionalLong::isPresent).hasSize(1);
        assertThat(await(nodes.getFirst().presenceMembers(APP, "presence-room"))).isEmpty();
    }

    @Test
    void presenceVersionsGrowWithEveryMemberChangeOfAChannel() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        PresenceJoin ann = await(a.joinPresence(APP, "presence-room", "ann", "null", 100));
        PresenceJoin bob = await(b.joinPresence(APP, "presence-room", "bob", "null", 100));
        PresenceJoin annAgain = await(b.joinPresence(APP, "presence-room", "ann", "null", 100));

        assertThat(bob.version()).isGreaterThan(ann.version());
        assertThat(annAgain.version()).as("another connection changes no member").isEqualTo(bob.version());
        assertThat(await(b.leavePresence(APP, "presence-room", "ann"))).as("ann is still on a").isEmpty();
        long bobLeft = await(b.leavePresence(APP, "presence-room", "bob")).orElseThrow();
        assertThat(bobLeft).isGreaterThan(bob.version());
        long emptied = await(a.leavePresence(APP, "presence-room", "ann")).orElseThrow();
        assertThat(emptied).isGreaterThan(bobLeft);

        assertThat(await(a.joinPresence(APP, "presence-room", "carol", "null", 100)).version()).as("after the channel emptied")
                .isGreaterThan(emptied);
    }

    @Test
    void fullChannelRefusesNewUsersAndChangesNothing() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.joinPresence(APP, "presence-room", "u1", "1", 2));
        await(b.joinPresence(APP, "presence-room", "u2", "2", 2));

        PresenceJoin refused = await(a.joinPresence(APP, "presence-room", "u3", "3", 2));

        assertThat(refused.outcome()).isEqualTo(FULL);
        assertThat(refused.members()).isEqualTo(Map.of("u1", "1", "u2", "2"));
        assertThat(await(b.presenceMembers(APP, "presence-room"))).isEqualTo(Map.of("u1", "1", "u2", "2"));
        assertThat(await(a.leavePresence(APP, "presence-room", "u3"))).as("the refused user never joined").isEmpty();
        assertThat(await(b.joinPresence(APP, "presence-room", "u1", "1", 2)).outcome()).as("a member's next connection").isEqualTo(ANOTHER_CONNECTION);

        assertThat(await(a.leavePresence(APP, "presence-room", "u1"))).isEmpty();
        assertThat(await(b.leavePresence(APP, "presence-room", "u1"))).isPresent();
        assertThat(await(a.joinPresence(APP, "presence-room", "u3", "3", 2)).outcome()).isEqualTo(NEW_MEMBER);
    }

    @Test
    void memberKeepsTheUserInfoOfItsFirstConnection() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.joinPresence(APP, "presence-room", "u1", "{\"name\":\"first\"}", 100));
        PresenceJoin again = await(b.joinPresence(APP, "presence-room", "u1", "{\"name\":\"second\"}", 100));

        assertThat(again.members()).isEqualTo(Map.of("u1", "{\"name\":\"first\"}"));
        assertThat(await(a.leavePresence(APP, "presence-room", "u1"))).isEmpty();
        assertThat(await(a.presenceMembers(APP, "presence-room"))).isEqualTo(Map.of("u1", "{\"name\":\"first\"}"));

        assertThat(await(b.leavePresence(APP, "presence-room", "u1"))).isPresent();
        await(b.joinPresence(APP, "presence-room", "u1", "{\"name\":\"third ☃\"}", 100));
        assertThat(await(a.presenceMembers(APP, "presence-room"))).isEqualTo(Map.of("u1", "{\"name\":\"third ☃\"}"));
    }

    @Test
    void memberLeavesOnlyWithItsLastConnectionAnywhere() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(a.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(b.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(b.joinPresence(APP, "presence-room", "u2", "null", 100));

        assertThat(await(a.leavePresence(APP, "presence-room", "u1"))).isEmpty();
        assertThat(await(a.leavePresence(APP, "presence-room", "u1"))).isEmpty();
        assertThat(await(a.leavePresence(APP, "presence-room", "u1"))).as("a holds no more connections of u1").isEmpty();
        assertThat(await(a.presenceMembers(APP, "presence-room"))).containsOnlyKeys("u1", "u2");
        assertThat(await(b.leavePresence(APP, "presence-room", "u1"))).isPresent();
        assertThat(await(b.leavePresence(APP, "presence-room", "u1"))).isEmpty();
        assertThat(await(a.presenceMembers(APP, "presence-room"))).containsOnlyKeys("u2");
        assertThat(await(a.channelCounts(APP, "presence-room")).userCount()).isEqualTo(1);
    }

    // ---- users --------------------------------------------------------------------------------

    @Test
    void userIsOnlineWhileSignedInOnAnyNode() {
        ClusterState a = node("a");
        ClusterState b = node("b");

        assertThat(await(a.userSignedIn(APP, "u1"))).isTrue();
        assertThat(await(b.userSignedIn(APP, "u1"))).isFalse();
        assertThat(await(b.userSignedIn(APP, "u2"))).isTrue();
        assertThat(await(a.onlineUsers(APP, List.of("u1", "u2", "u3")))).containsExactlyInAnyOrder("u1", "u2");
        assertThat(await(a.onlineUsers("other-app", List.of("u1")))).isEmpty();
        assertThat(await(a.onlineUsers(APP, List.of()))).isEmpty();

        assertThat(await(a.userSignedOut(APP, "u1"))).isFalse();
        assertThat(await(a.userSignedOut(APP, "u1"))).as("a holds no more").isFalse();
        assertThat(await(b.userSignedOut(APP, "u1"))).isTrue();
        assertThat(await(b.onlineUsers(APP, List.of("u1", "u2")))).containsExactly("u2");
    }

    // ---- connections and cache ----------------------------------------------------------------

    @Test
    void connectionsByAppSumOnlyNodesWithALiveLease() {
        ClusterState a = node("a");
        ClusterState fading = node("fading", Duration.ofSeconds(2));
        assertThat(await(a.renewLease(Map.of(APP, 3, "app-2", 1)))).isTrue();
        assertThat(await(fading.renewLease(Map.of(APP, 2)))).isTrue();

        assertThat(await(a.connectionsByApp())).isEqualTo(Map.of(APP, 5L, "app-2", 1L));

        awaitCondition(() -> await(a.connectionsByApp()).equals(Map.of(APP, 3L, "app-2", 1L)));
        assertThat(await(a.renewLease(Map.of(APP, 4)))).isTrue();
        assertThat(await(a.connectionsByApp())).as("the last report replaces the one before").isEqualTo(Map.of(APP, 4L));
    }

    @Test
    void liveNodesCountsOnlyNodesWithALiveLease() {
        ClusterState a = node("a");
        ClusterState fading = node("fading", Duration.ofSeconds(2));
        assertThat(await(a.renewLease(Map.of()))).isTrue();
        assertThat(await(fading.renewLease(Map.of()))).isTrue();

        assertThat(await(a.liveNodes())).isEqualTo(2);

        awaitCondition(() -> await(a.liveNodes()) == 1);
    }

    @Test
    void cachedEventIsKeptForItsTimeToLive() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        String data = "{\"text\":\"héllo 🌍 \\\"quoted\\\"\\nnext line\",\"sep\":\"\\u0000:|\"}";
        assertThat(await(b.cachedEvent(APP, "cache-news"))).isEmpty();

        await(a.putCachedEvent(APP, "cache-news", "old", "{}", 60));
        await(a.putCachedEvent(APP, "cache-news", "ünïcode-event", data, 1));

        Optional<ClusterState.CachedEvent> cached = await(b.cachedEvent(APP, "cache-news"));
        assertThat(cached).hasValueSatisfying(e -> {
            assertThat(e.event()).isEqualTo("ünïcode-event");
            assertThat(e.data()).isEqualTo(data);
            assertThat(e.ttlSeconds()).isEqualTo(1);
        });
        assertThat(await(b.cachedEvent("other-app", "cache-news"))).isEmpty();
        awaitCondition(() -> await(b.cachedEvent(APP, "cache-news")).isEmpty());

        await(a.putCachedEvent(APP, "cache-news", "e", "", 600));
        assertThat(await(b.cachedEvent(APP, "cache-news"))).hasValueSatisfying(e -> {
            assertThat(e.data()).isEmpty();
            assertThat(e.ttlSeconds()).isBetween(599L, 600L);
        });
    }

    // ---- reassert -----------------------------------------------------------------------------

    @Test
    void reassertReportsOnlyWhatChanged() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.subscribed(APP, "news"));
        await(a.subscribed(APP, "news"));
        await(b.subscribed(APP, "news"));
        await(a.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(a.userSignedIn(APP, "u1"));
        NodeSnapshot same = snapshot(List.of(new ChannelEntry(APP, "news", 2)),
                List.of(new MemberEntry(APP, "presence-room", "u1", "null", 1)), List.of(new UserEntry(APP, "u1", 1)));

        assertThat(await(a.reassert(same)).transitions()).isEmpty();
        assertThat(unversioned(await(a.reassert(snapshot(List.of(new ChannelEntry(APP, "news", 4), new ChannelEntry(APP, "new", 1)),
                List.of(), List.of()))).transitions()))
                .containsExactlyInAnyOrder(new SubscriptionCountChanged(APP, "news", 5), new ChannelOccupied(APP, "new", 1),
                        new MemberRemoved(APP, "presence-room", "u1", 0), new UserOffline(APP, "u1"));
        assertThat(await(a.reassert(snapshot(List.of(), List.of(), List.of()))).transitions())
                .containsExactlyInAnyOrder(new SubscriptionCountChanged(APP, "news", 1), new ChannelVacated(APP, "new"));
        assertThat(await(b.channelCounts(APP, "news"))).isEqualTo(new ChannelCounts(1, 0));
    }

    @Test
    void reassertAfterTheStoreLostItsDataRestoresTheNodesPartWithoutReportingIt() {
        // The recovery lasts one lease: long enough to look at it, short enough to see it end.
        Duration lease = Duration.ofSeconds(3);
        ClusterState a = node("a", lease);
        ClusterState b = node("b", lease);
        await(a.subscribed(APP, "news"));
        await(b.subscribed(APP, "news"));
        await(a.joinPresence(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 100));
        await(b.joinPresence(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 100));
        await(a.userSignedIn(APP, "u1"));

        wipeStore();

        assertThat(await(a.renewLease(Map.of(APP, 1)))).isFalse();
        assertThat(failureOf(a.presenceMembers(APP, "presence-room"))).as("before restoring").isInstanceOf(StateRecoveringException.class);
        Reassertion restoredA = await(a.reassert(new NodeSnapshot(List.of(new ChannelEntry(APP, "news", 1)),
                List.of(new MemberEntry(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 1)), List.of(new UserEntry(APP, "u1", 1)),
                Map.of(APP, 1))));
        assertThat(restoredA.restored()).isTrue();
        assertThat(restoredA.transitions()).as("all of it was there before the loss").isEmpty();
        assertThat(restoredA.recoveringMillis()).isPositive();
        assertThat(failureOf(a.channelCounts(APP, "news"))).as("while b has not restored").isInstanceOf(StateRecoveringException.class);
        assertThat(failureOf(a.subscribed(APP, "other"))).as("changes wait too").isInstanceOf(StateRecoveringException.class);

        assertThat(await(b.renewLease(Map.of(APP, 1)))).isFalse();
        Reassertion restoredB = await(b.reassert(new NodeSnapshot(List.of(new ChannelEntry(APP, "news", 1)),
                List.of(new MemberEntry(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 1)), List.of(), Map.of(APP, 1))));
        assertThat(restoredB.restored()).isTrue();
        assertThat(restoredB.transitions()).isEmpty();

        awaitCondition(() -> succeeds(() -> a.channelCounts(APP, "news")));
        assertThat(await(a.renewLease(Map.of(APP, 1)))).isTrue();
        assertThat(await(b.renewLease(Map.of(APP, 1)))).isTrue();
        assertThat(await(a.channelCounts(APP, "news"))).isEqualTo(new ChannelCounts(2, 0));
        assertThat(await(a.presenceMembers(APP, "presence-room"))).isEqualTo(Map.of("u1", "{\"name\":\"Ann\"}"));
        assertThat(await(a.connectionsByApp())).isEqualTo(Map.of(APP, 2L));
        assertThat(await(a.reassert(snapshot(List.of(new ChannelEntry(APP, "news", 1)),
                List.of(new MemberEntry(APP, "presence-room", "u1", "{\"name\":\"Ann\"}", 1)), List.of(new UserEntry(APP, "u1", 1))))))
                .as("the next re-assertion is an ordinary one").extracting(Reassertion::restored).isEqualTo(false);
    }

    @Test
    void confirmsDeparturesTheStoreCouldNotRecord() {
        ClusterState a = node("a");
        ClusterState b = node("b");
        await(a.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(b.joinPresence(APP, "presence-room", "u1", "null", 100));
        await(b.joinPresence(APP, "presence-room", "u2", "null", 100));
        long before = await(b.joinPresence(APP, "presence-room", "u2", "null", 100)).version();

        assertThat(await(b.confirmDeparture(APP, "presence-room", "u1"))).as("u1 is still on a").isEmpty();
        long u1Left = await(a.confirmDeparture(APP, "presence-room", "u1")).orElseThrow();
        assertThat(u1Left).as("a held u1's last connection").isGreaterThan(before);
        long unknownLeft = await(a.confirmDeparture(APP, "presence-room", "gone")).orElseThrow();
        assertThat(unknownLeft).as("a user the store no longer knew gets a version of its own").isGreaterThan(u1Left);
        assertThat(await(a.presenceMembers(APP, "presence-room"))).containsOnlyKeys("u2");

        await(a.subscribed(APP, "news"));
        await(b.subscribed(APP, "news"));
        assertThat(await(a.confirmUnsubscribed(APP, "news"))).isEqualTo(new Occupancy(1, false));
        assertThat(await(b.confirmUnsubscribed(APP, "news"))).as("its last subscription").isEqualTo(new Occupancy(0, true));
        assertThat(await(a.confirmUnsubscribed(APP, "forgotten"))).as("a channel the store no longer knew")
                .isEqualTo(new Occupancy(0, true));
        assertThat(await(a.occupiedChannels(APP, ""))).isEmpty();
    }
}
