package io.herald.redis;

import io.herald.bus.BusTopic;
import io.lettuce.core.RedisException;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interests of one {@link RedisBus} and the subscriptions that carry them on its subscriber
 * connection, sharded (SSUBSCRIBE) or classic (SUBSCRIBE).
 *
 * <p>The interest set is the truth; the server is brought in line with it. While the connection
 * is up, each change sends its command at once, under this object's lock, so the server sees a
 * topic's subscribe and unsubscribe in the order the interest changed. While it is down, changes
 * only touch the set: {@link #relink()} then subscribes every interest again (harmless for those
 * Lettuce resubscribed by itself) and unsubscribes the channels the server still holds that are no
 * longer wanted. The channels the server confirmed are tracked from its replies. A change the
 * server refused while connected (an error reply, such as an ACL that does not allow the
 * channel) is reported to the owner, which relinks the same way until it works.
 *
 * <p>The lock is never held while calling out of this class, so callers may hold their own.
 */
final class RedisSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(RedisSubscriptions.class);
    /** Channels per command when resubscribing, so a large interest set never floods the command queue. */
    private static final int BATCH = 500;

    private final RedisPubSubAsyncCommands<String, byte[]> commands;
    private final RedisBusChannels channels;
    private final boolean sharded;
    private final Set<BusTopic> interests = ConcurrentHashMap.newKeySet();
    /** The channels carrying the interests, changed with them: a server's unsubscribe is looked up here at once. */
    private final Set<String> wantedChannels = ConcurrentHashMap.newKeySet();
    private final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    /** Wanted channels the server unsubscribed by itself (a Redis Cluster primary giving up their slot). */
    private final Set<String> dropped = ConcurrentHashMap.newKeySet();
    private final Runnable changeFailed;
    private boolean linked = true;

    /** @param changeFailed told when a subscribe or unsubscribe failed while the connection was up */
    RedisSubscriptions(StatefulRedisPubSubConnection<String, byte[]> connection, RedisBusChannels channels, boolean sharded,
            Runnable changeFailed) {
        this.commands = connection.async();
        this.channels = channels;
        this.sharded = sharded;
        this.changeFailed = changeFailed;
        connection.addListener(new Confirmations());
    }

    boolean interested(BusTopic topic) {
        return interests.contains(topic);
    }

    /** Whether one of the interests is carried by {@code channel}. */
    boolean wants(String channel) {
        return wantedChannels.contains(channel);
    }

    /** Completes when the server confirmed the subscription; at once when it was wanted already or the connection is down. */
    synchronized CompletionStage<Void> add(BusTopic topic) {
        if (!interests.add(topic)) {
            return CompletableFuture.completedFuture(null);
        }
        wantedChannels.add(channels.of(topic));
        if (linked) {
            CompletionStage<Void> subscribed = subscribe(List.of(channels.of(topic)));
            watch(subscribed, "subscribe to", topic);
            return subscribed;
        }
        return CompletableFuture.completedFuture(null);
    }

    synchronized void remove(BusTopic topic) {
        if (!interests.remove(topic)) {
            return;
        }
        wantedChannels.remove(channels.of(topic));
        if (linked) {
            watch(unsubscribe(List.of(channels.of(topic))), "unsubscribe from", topic);
        }
    }

    /** Whether the server unsubscribed a channel still wanted that has not been subscribed again since. */
    boolean hasDropped() {
        return !dropped.isEmpty();
    }

    /**
     * Subscribes again the channels the server dropped that are still wanted here: their slot came
     * back to this primary (or never left it as far as this node could see: a failover and a
     * failback between two looks at the topology). A channel whose slot really moved is no longer
     * wanted here once the owner placed it on its new primary, and is left alone.
     */
    synchronized void resubscribeDropped() {
        List<String> again = new ArrayList<>();
        for (String channel : List.copyOf(dropped)) {
            dropped.remove(channel);
            if (wants(channel)) {
                again.add(channel);
            }
        }
        if (!again.isEmpty() && linked) {
            log.info("redis bus: subscribing again {} channel(s) the server dropped while still wanted", again.size());
            watch(subscribe(again), "subscribe again to", again.size() + " channel(s)");
        }
    }

    /** The connection is down: changes wait for {@link #relink()}. */
    synchronized void unlink() {
        linked = false;
    }

    /**
     * The connection is up again: subscribes every interest in batches, then unsubscribes what is no
     * longer wanted. Completes when the server confirmed all of it; fails if a command failed.
     */
    CompletionStage<Void> relink() {
        List<BusTopic> wanted;
        synchronized (this) {
            linked = true;
            wanted = List.copyOf(interests);
            dropped.clear();
        }
        CompletionStage<Void> done = CompletableFuture.completedFuture(null);
        for (int from = 0; from < wanted.size(); from += BATCH) {
            List<BusTopic> batch = wanted.subList(from, Math.min(wanted.size(), from + BATCH));
            done = done.thenCompose(v -> subscribeStillWanted(batch));
        }
        return done.thenCompose(v -> unsubscribeUnwanted());
    }

    /** Sends the batch's topics still wanted now; one that was removed meanwhile has already been unsubscribed. */
    private CompletionStage<Void> subscribeStillWanted(List<BusTopic> batch) {
        synchronized (this) {
            if (!linked) {
                return CompletableFuture.failedFuture(new RedisException("disconnected while resubscribing"));
            }
            List<String> names = new ArrayList<>(batch.size());
            for (BusTopic topic : batch) {
                if (interests.contains(topic)) {
                    names.add(channels.of(topic));
                }
            }
            return names.isEmpty() ? CompletableFuture.completedFuture(null) : subscribe(names);
        }
    }

    private CompletionStage<Void> unsubscribeUnwanted() {
        synchronized (this) {
            if (!linked) {
                return CompletableFuture.failedFuture(new RedisException("disconnected while resubscribing"));
            }
            List<String> unwanted = confirmed.stream().filter(channel -> !wantedChannels.contains(channel)).toList();
            return unwanted.isEmpty() ? CompletableFuture.completedFuture(null) : unsubscribe(unwanted);
        }
    }

    private CompletionStage<Void> subscribe(List<String> names) {
        String[] array = names.toArray(String[]::new);
        return sharded ? commands.ssubscribe(array) : commands.subscribe(array);
    }

    private CompletionStage<Void> unsubscribe(List<String> names) {
        String[] array = names.toArray(String[]::new);
        return sharded ? commands.sunsubscribe(array) : commands.unsubscribe(array);
    }

    /**
     * A change that failed because the connection dropped is set right by the {@link #relink()}
     * after the reconnection; one that failed while the connection stayed up is reported.
     */
    private void watch(CompletionStage<Void> command, String what, Object topic) {
        command.whenComplete((v, failure) -> {
            if (failure == null) {
                return;
            }
            boolean stillLinked;
            synchronized (this) {
                stillLinked = linked;
            }
            if (stillLinked) {
                log.warn("redis bus: could not {} {}: {}", what, topic, failure.toString());
                changeFailed.run();
            } else {
                log.debug("redis bus: could not {} {} (disconnected): {}", what, topic, failure.toString());
            }
        });
    }

    /** Tracks what the server confirmed, from its replies to (un)subscribe commands. */
    private final class Confirmations extends RedisPubSubAdapter<String, byte[]> {

        @Override
        public void subscribed(String channel, long count) {
            confirmed.add(channel);
        }

        @Override
        public void ssubscribed(String channel, long count) {
            confirmed.add(channel);
        }

        @Override
        public void unsubscribed(String channel, long count) {
            confirmed.remove(channel);
        }

        @Override
        public void sunsubscribed(String channel, long count) {
            confirmed.remove(channel);
            // Our own unsubscribe removes the interest first, so a channel still wanted was dropped by the server.
            if (wants(channel)) {
                dropped.add(channel);
            }
        }
    }
}
