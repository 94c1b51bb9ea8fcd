package io.herald.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.connection.RosterGate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The per-connection order of presence events, checked on many random histories (seeded, so a
 * failure names the history that broke it): members of one channel join and leave through several
 * nodes, each node publishes its changes in order but the bus mixes the nodes' streams, and
 * connections subscribe at random moments, each getting a roster read at some version after it was
 * subscribed here. With the node's {@link MemberVersions} and each connection's
 * {@link RosterGate}, every connection must end with the true member list when it keeps its list
 * as pusher-js does (the roster replaces it), and never get an event before its roster.
 */
class PresenceOrderTest {

    private static final int HISTORIES = 2_000;
    private static final long FIRST_SEED = 20_261_207L;

    /** One change made by the store: a member added or removed, with the version it got. */
    private record Change(String userId, boolean added, long version, int publisher) {}

    /** A connection of this node: when it subscribed here, the roster it gets, when it gets it, what it was sent. */
    private static final class Client {
        final int subscribedAt;
        final int rosterAt;
        final long rosterVersion;
        final RosterGate gate = RosterGate.awaitingRoster();
        final List<String> received = new ArrayList<>();

        Client(int subscribedAt, int rosterAt, long rosterVersion) {
            this.subscribedAt = subscribedAt;
            this.rosterAt = rosterAt;
            this.rosterVersion = rosterVersion;
        }
    }

    @Test
    void everyConnectionEndsWithTheTrueMembersAndHearsNothingBeforeItsRoster() {
        for (long seed = FIRST_SEED; seed < FIRST_SEED + HISTORIES; seed++) {
            checkHistory(seed);
        }
    }

    private static void checkHistory(long seed) {
        Random random = new Random(seed);
        List<Change> changes = history(random);
        List<Change> arrivals = arrivalOrder(changes, random);
        List<Client> clients = clients(changes, arrivals, random);
        MemberVersions versions = new MemberVersions();

        for (int step = 0; step <= arrivals.size(); step++) {
            for (Client client : clients) {
                if (client.rosterAt == step) {
                    client.received.add("roster " + String.join(",", membersAt(changes, client.rosterVersion)));
                    client.gate.open(client.rosterVersion, frame -> {
                        client.received.add(text(frame));
                        return true;
                    });
                }
            }
            if (step == arrivals.size()) {
                break;
            }
            Change change = arrivals.get(step);
            int now = step;
            ByteBuf frame = Unpooled.copiedBuffer((change.added() ? "+" : "-") + change.userId(), StandardCharsets.UTF_8);
            versions.ifNewer(change.userId(), change.version(), () -> {
                for (Client client : clients) {
                    if (client.subscribedAt > now) {
                        continue;
                    }
                    if (!client.gate.isOpen()) {
                        assertThat(client.gate.hold(frame.retainedDuplicate(), change.version())).isTrue();
                    } else if (client.gate.admits(change.version())) {
                        client.received.add(text(frame.retainedDuplicate()));
                    }
                }
            });
            frame.release();
        }

        Set<String> truth = membersAt(changes, Long.MAX_VALUE);
        for (Client client : clients) {
            assertThat(client.received).as("seed %d: the roster comes first", seed).isNotEmpty();
            assertThat(client.received.getFirst()).as("seed %d: the roster comes first", seed).startsWith("roster ");
            assertThat(keptAsPusherJs(client.received)).as("seed %d: what the client received: %s; changes %s; arrivals %s",
                    seed, client.received, changes, arrivals).isEqualTo(truth);
        }
    }

    /** Users joining and leaving in turn, each change through one of three nodes, versions increasing. */
    private static List<Change> history(Random random) {
        int users = 1 + random.nextInt(5);
        Set<String> present = new HashSet<>();
        List<Change> changes = new ArrayList<>();
        long version = 1 + random.nextInt(1_000);
        int count = random.nextInt(25);
        for (int i = 0; i < count; i++) {
            String user = "u" + random.nextInt(users);
            boolean added = present.add(user);
            if (!added) {
                present.remove(user);
            }
            version += 1 + random.nextInt(3);
            changes.add(new Change(user, added, version, random.nextInt(3)));
        }
        return changes;
    }

    /** The nodes' streams mixed at random, each node's own changes staying in order. */
    private static List<Change> arrivalOrder(List<Change> changes, Random random) {
        List<ArrayDeque<Change>> streams = IntStream.range(0, 3).mapToObj(i -> new ArrayDeque<Change>()).toList();
        changes.forEach(change -> streams.get(change.publisher()).add(change));
        List<Change> arrivals = new ArrayList<>();
        while (arrivals.size() < changes.size()) {
            ArrayDeque<Change> stream = streams.get(random.nextInt(3));
            if (!stream.isEmpty()) {
                arrivals.add(stream.poll());
            }
        }
        return arrivals;
    }

    /**
     * Connections subscribing here at random steps. Each roster is read after the connection
     * subscribed here and after this node receives the channel's events, so every change newer
     * than the roster arrives after the subscription: the roster's version is at least that of
     * every change that arrived before.
     */
    private static List<Client> clients(List<Change> changes, List<Change> arrivals, Random random) {
        List<Client> clients = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            int subscribedAt = random.nextInt(arrivals.size() + 1);
            long arrivedBefore = arrivals.subList(0, subscribedAt).stream().mapToLong(Change::version).max().orElse(0);
            List<Long> candidates = new ArrayList<>(List.of(arrivedBefore));
            changes.stream().mapToLong(Change::version).filter(v -> v > arrivedBefore).forEach(candidates::add);
            long rosterVersion = candidates.get(random.nextInt(candidates.size()));
            int rosterAt = subscribedAt + random.nextInt(arrivals.size() - subscribedAt + 1);
            clients.add(new Client(subscribedAt, rosterAt, rosterVersion));
        }
        return clients;
    }

    private static Set<String> membersAt(List<Change> changes, long version) {
        Set<String> members = new TreeSet<>();
        for (Change change : changes) {
            if (change.version() > version) {
                break;
            }
            if (change.added()) {
                members.add(change.userId());
            } else {
                members.remove(change.userId());
            }
        }
        return members;
    }

    /** pusher-js: the roster replaces the list; member_added adds, member_removed removes. */
    private static Set<String> keptAsPusherJs(List<String> received) {
        Set<String> members = new TreeSet<>();
        for (String message : received) {
            if (message.startsWith("roster ")) {
                members.clear();
                String ids = message.substring("roster ".length());
                if (!ids.isEmpty()) {
                    members.addAll(List.of(ids.split(",")));
                }
            } else if (message.startsWith("+")) {
                members.add(message.substring(1));
            } else {
                members.remove(message.substring(1));
            }
        }
        return members;
    }

    private static String text(ByteBuf frame) {
        try {
            return frame.toString(StandardCharsets.UTF_8);
        } finally {
            frame.release();
        }
    }
}
