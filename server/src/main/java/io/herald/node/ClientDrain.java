package io.herald.node;

import io.herald.connection.LoopShard;
import io.herald.connection.LoopShards;
import io.herald.gateway.Gateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a stopping node's clients to reconnect elsewhere (4200) in {@code groups} groups, one at
 * the start and one every {@code window / (groups + 1)}, so the rest of the cluster takes them
 * over gradually instead of all in one second. Each group is the clients still open divided by
 * the groups left, so clients that leave on their own make later groups smaller; once none is
 * left the drain ends early. One interval after the last group, or at once when hurried, whoever
 * is still open is told in one go. Given a rate (clients a second), the groups are spread over the
 * time that rate takes for the clients open at the start, when that is shorter than the window:
 * the rest of the cluster then takes the same number of reconnects a second from a node of 2,000
 * clients as from one of 20,000, and the small one is done sooner.
 */
final class ClientDrain {

    private static final Logger LOG = LoggerFactory.getLogger(ClientDrain.class);
    /** How often the drain looks whether every client has gone. */
    private static final Duration POLL = Duration.ofMillis(20);
    private static final long LOOP_TASK_TIMEOUT_SECONDS = 5;

    private final Gateway gateway;
    private final LoopShards shards;
    private final int groups;
    private final Duration window;
    private final int rate;

    /** @param rate clients told a second at most, as far as the window allows; 0 for no limit */
    ClientDrain(Gateway gateway, LoopShards shards, int groups, Duration window, int rate) {
        this.gateway = gateway;
        this.shards = shards;
        this.groups = groups;
        this.window = window;
        this.rate = rate;
    }

    void run(ShutdownDeadline deadline) throws InterruptedException {
        int atStart = gateway.connections();
        Duration interval = spread(atStart, groups, window, rate).dividedBy(groups + 1L);
        LOG.info("Draining {} client(s): {} group(s), one every {} ms", atStart, groups, interval.toMillis());
        int told = 0;
        for (int group = 0; group < groups && gateway.connections() > 0 && !deadline.isHurried(); group++) {
            told += tellGroup(groups - group);
            waitForClientsToLeave(interval.multipliedBy(group + 1L), deadline);
        }
        if (gateway.connections() > 0) {
            told += tellGroup(1);
        }
        LOG.info("Drain: {} client(s) told to reconnect in {} ms; {} still closing", told,
                deadline.elapsed().toMillis(), gateway.connections());
    }

    /** Waits until {@code sinceStart} into the drain, unless every client has gone or it is hurried. */
    private void waitForClientsToLeave(Duration sinceStart, ShutdownDeadline deadline) throws InterruptedException {
        while (gateway.connections() > 0) {
            Duration left = sinceStart.minus(deadline.elapsed());
            if (left.isNegative() || left.isZero() || deadline.sleepUnlessHurried(min(left, POLL))) {
                return;
            }
        }
    }

    /** Every loop tells its share of one group; returns how many clients were told. */
    private int tellGroup(int groupsLeft) throws InterruptedException {
        List<Future<Integer>> told = new ArrayList<>(shards.count());
        for (int i = 0; i < shards.count(); i++) {
            LoopShard shard = shards.get(i);
            told.add(shard.loop().submit(() -> gateway.tellGroupToReconnect(shard, groupsLeft)));
        }
        int total = 0;
        for (Future<Integer> future : told) {
            try {
                total += future.get(LOOP_TASK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("An event loop did not tell its clients to reconnect: {}", e.toString());
            }
        }
        return total;
    }

    /**
     * How long the groups and the interval after the last take: the window, or with a rate the
     * time it takes for {@code clients} at that pace (the groups tell them over all intervals but
     * the last two), if shorter.
     */
    static Duration spread(int clients, int groups, Duration window, int rate) {
        if (rate <= 0 || groups < 2) {
            return window;
        }
        Duration atRate = Duration.ofNanos((long) (clients * 1e9 / rate * (groups + 1) / (groups - 1)));
        return min(atRate, window);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
