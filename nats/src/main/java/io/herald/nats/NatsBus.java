package io.herald.nats;

import io.herald.bus.Bus;
import io.herald.bus.BusCodec;
import io.herald.bus.BusCounters;
import io.herald.bus.BusException;
import io.herald.bus.BusInbox;
import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import io.herald.config.ClusterConfig;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus over core NATS: one subject per topic ({@link NatsBusSubjects}), one subscription per
 * interest, all on one {@link Dispatcher} whose thread calls the listener, in order.
 *
 * <p>The connection never gives up reconnecting; between attempts it waits 50 ms doubling to 2 s,
 * with jitter so a restarted server is not hit by every node at once. jnats sends every current
 * subscription again on reconnect, including interests changed while down; the bus reports
 * connected again once it has ({@code RESUBSCRIBED}). The server is told not to echo a node's own
 * messages back to it, and the inbox drops any that come anyway. Publishing while disconnected,
 * or with {@value #MAX_QUEUED_MESSAGES} messages already waiting to be written, drops the message
 * and counts it (a message discarded from a full queue counts as published and as dropped).
 *
 * <p>Interest changes are applied to jnats by a thread of the bus, never by the caller (an event
 * loop): with the outgoing queue full, jnats holds a subscribe for seconds or loses it silently.
 * That thread applies changes only while the queue has room, and once messages were discarded it
 * subscribes every interest again when the queue has room, repeating until a round goes by
 * without discards. It asks jnats how full the queue is, which waits while the socket is stuck;
 * it does not flush: a flush that met a full queue failed, and every later one timed out even
 * once the server read again (jnats 2.26).
 */
public final class NatsBus implements Bus {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Outgoing messages the connection holds before it discards new ones (never blocking the caller). */
    static final int MAX_QUEUED_MESSAGES = 20_000;
    private static final Duration FIRST_RECONNECT_WAIT = Duration.ofMillis(50);
    private static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(2);
    /** Queued messages below which a subscription change is sure to find room. */
    private static final long ROOM_FOR_CHANGES = MAX_QUEUED_MESSAGES / 2;
    private static final Duration WAIT_FOR_ROOM = Duration.ofMillis(100);
    /** Subscription changes made between two looks at the queue (a re-subscription is two). */
    private static final int CHANGES_PER_LOOK = 1_000;
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final String nodeId;
    private final BusCounters counters;
    private final NatsBusSubjects subjects;
    /** What the node wants; the inbox accepts messages of these topics. */
    private final Set<BusTopic> interests = ConcurrentHashMap.newKeySet();
    /** Topics whose wanted state changed since the bus thread last applied it. */
    private final Set<BusTopic> changed = ConcurrentHashMap.newKeySet();
    /** Interests added and not yet written to the server's socket, completed once they are. */
    private final Map<BusTopic, CompletableFuture<Void>> unwritten = new ConcurrentHashMap<>();
    /** What jnats holds; touched by the bus thread only. */
    private final Set<BusTopic> subscribed = new HashSet<>();
    private final AtomicBoolean applyScheduled = new AtomicBoolean();
    /** The round of re-subscriptions in progress after an overflow; bus thread only. */
    private List<BusTopic> repairing = List.of();
    private int repairedUpTo;
    private long discardsBeforeRound;
    private final BusInbox inbox;
    private final AtomicLong slowConsumerEvents = new AtomicLong();
    private final Connection nats;
    private final Dispatcher dispatcher;
    private final AtomicLong discards = new AtomicLong();
    private final AtomicBoolean repairScheduled = new AtomicBoolean();
    private final ScheduledExecutorService busThread;
    private volatile boolean closed;

    /** Connects to {@code config.url()}. */
    public NatsBus(ClusterConfig.Nats config, String nodeId, BusCounters counters) {
        this(config, nodeId, counters, DEFAULT_TIMEOUT);
    }

    /** Connects to {@code config.url()}, giving up on the first connection after {@code timeout}. */
    public NatsBus(ClusterConfig.Nats config, String nodeId, BusCounters counters, Duration timeout) {
        this.nodeId = nodeId;
        this.counters = counters;
        try {
            this.subjects = NatsBusSubjects.of(config.subjectPrefix());
        } catch (IllegalArgumentException e) {
            throw new BusException("NATS bus: " + e.getMessage(), e);
        }
        this.inbox = new BusInbox(name(), nodeId, counters, interests::contains);
        try {
            this.nats = Nats.connect(options(config.url(), timeout));
        } catch (IOException e) {
            throw new BusException("cannot connect the NATS bus to " + config.url() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusException("interrupted while connecting the NATS bus to " + config.url(), e);
        }
        this.dispatcher = nats.createDispatcher(this::receive);
        this.busThread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "herald-nats-bus-" + nodeId);
            thread.setDaemon(true);
            return thread;
        });
        log.info("nats bus: node {} on {} under '{}'", nodeId, nats.getConnectedUrl(), subjects.prefix());
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    public BusCounters counters() {
        return counters;
    }

    @Override
    public void start(BusListener listener) {
        inbox.start(listener);
    }

    @Override
    public void publish(BusMessage message) {
        if (closed || nats.getStatus() != Connection.Status.CONNECTED) {
            counters.countDropped();
            return;
        }
        try {
            nats.publish(subjects.of(message.topic()), BusCodec.encode(message));
            counters.countPublished();
        } catch (IllegalStateException | IllegalArgumentException e) {
            // Disconnected meanwhile (nothing is buffered for reconnect), closed, or over the server's max_payload.
            counters.countDropped();
            long dropped = counters.dropped();
            if (BusCounters.worthLogging(dropped)) {
                log.warn("nats bus: a publish failed ({} dropped so far): {}", dropped, e.getMessage());
            }
        }
    }

    /**
     * Subscribes soon, on the bus thread, completing once the subscription is written to the
     * server's socket; while disconnected, jnats subscribes on reconnect and this completes at once.
     */
    @Override
    public CompletionStage<Void> addInterest(BusTopic topic) {
        if (closed || !interests.add(topic)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        unwritten.put(topic, written);
        interestChanged(topic);
        if (nats.getStatus() != Connection.Status.CONNECTED) {
            written.complete(null);
        }
        return written;
    }

    @Override
    public void removeInterest(BusTopic topic) {
        if (!closed && interests.remove(topic)) {
            interestChanged(topic);
        }
    }

    private void interestChanged(BusTopic topic) {
        changed.add(topic);
        if (applyScheduled.compareAndSet(false, true)) {
            runOnBusThread(this::applyChanges, Duration.ZERO);
        }
    }

    /**
     * Brings jnats in line with what is wanted now, for each topic that changed, a chunk at a time
     * as the queue has room.
     */
    private void applyChanges() {
        applyScheduled.set(false);
        Iterator<BusTopic> pending = changed.iterator();
        while (pending.hasNext()) {
            if (!roomInQueue()) {
                if (applyScheduled.compareAndSet(false, true)) {
                    runOnBusThread(this::applyChanges, WAIT_FOR_ROOM);
                }
                return;
            }
            try {
                for (int n = 0; n < CHANGES_PER_LOOK && pending.hasNext(); n++) {
                    BusTopic topic = pending.next();
                    // Removed before reading the wanted state: a change after the read marks it again.
                    pending.remove();
                    String subject = subjects.of(topic);
                    if (interests.contains(topic)) {
                        if (subscribed.add(topic)) {
                            dispatcher.subscribe(subject);
                        }
                    } else if (subscribed.remove(topic)) {
                        dispatcher.unsubscribe(subject);
                    }
                }
            } catch (IllegalStateException e) {
                return; // closed: nothing to keep in line any more
            }
        }
        subscriptionsWritten();
    }

    /** Pushes the subscriptions made so far to the server's socket and tells who waits for them. */
    private void subscriptionsWritten() {
        if (unwritten.isEmpty()) {
            return;
        }
        try {
            nats.flushBuffer();
        } catch (IOException | IllegalStateException e) {
            // Disconnected or closed: jnats subscribes again on reconnect; nothing sent meanwhile arrives anyway.
        }
        unwritten.keySet().removeIf(topic -> {
            if (changed.contains(topic)) {
                return false;
            }
            CompletableFuture<Void> written = unwritten.get(topic);
            if (written != null) {
                written.complete(null);
            }
            return true;
        });
    }

    private void runOnBusThread(Runnable task, Duration delay) {
        try {
            busThread.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public boolean connected() {
        return !closed && inbox.connected();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        busThread.shutdownNow();
        try {
            nats.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "NatsBus[" + nodeId + ", " + subjects.prefix() + "]";
    }

    private void receive(Message message) {
        inbox.receive(message.getData());
    }

    /** Events arrive in order on jnats' callback thread. */
    private void onConnectionEvent(Connection connection, ConnectionListener.Events event) {
        if (closed) {
            return;
        }
        switch (event) {
            case DISCONNECTED, CLOSED -> inbox.connectionChanged(false);
            case RESUBSCRIBED -> inbox.connectionChanged(true);
            default -> {
                // CONNECTED is the state the bus starts in; RECONNECTED is followed by RESUBSCRIBED.
            }
        }
    }

    private Options options(String url, Duration timeout) {
        return Options.builder()
                .server(url)
                .connectionName("herald-bus-" + nodeId)
                .connectionTimeout(timeout)
                .noEcho()
                .maxReconnects(-1)
                .reconnectDelayHandler(NatsBus::reconnectWait)
                // A message published while disconnected is dropped, not sent late.
                .reconnectBufferSize(0)
                .maxMessagesInOutgoingQueue(MAX_QUEUED_MESSAGES)
                .discardMessagesWhenOutgoingQueueFull()
                .connectionListener(this::onConnectionEvent)
                .errorListener(new Errors())
                .build();
    }

    /** 50 ms doubling to 2 s, plus up to a quarter more at random. */
    static Duration reconnectWait(long attempts) {
        long doublings = Math.min(Math.max(attempts - 1, 0), 16);
        long wait = Math.min(MAX_RECONNECT_WAIT.toMillis(), FIRST_RECONNECT_WAIT.toMillis() << doublings);
        return Duration.ofMillis(wait + ThreadLocalRandom.current().nextLong(wait / 4 + 1));
    }

    /** Schedules one repair of the subscriptions, unless one is already waiting. */
    private void repairSoon(Duration delay) {
        if (!closed && repairScheduled.compareAndSet(false, true)) {
            runOnBusThread(this::repairSubscriptions, delay);
        }
    }

    /**
     * After an overflow: subscribes every interest again, a chunk at a time as the queue has room,
     * and starts another round if discards happened meanwhile. Runs on the bus thread, which may
     * wait on a stuck socket (interest changes wait with it).
     */
    private void repairSubscriptions() {
        repairScheduled.set(false);
        if (closed) {
            return;
        }
        if (repairedUpTo >= repairing.size()) {
            repairing = List.copyOf(subscribed);
            repairedUpTo = 0;
            discardsBeforeRound = discards.get();
        }
        while (repairedUpTo < repairing.size()) {
            // In chunks, each finding room: a node with many interests must not overflow the queue itself.
            if (!roomInQueue()) {
                repairSoon(WAIT_FOR_ROOM);
                return;
            }
            int end = Math.min(repairing.size(), repairedUpTo + CHANGES_PER_LOOK);
            try {
                for (BusTopic topic : repairing.subList(repairedUpTo, end)) {
                    if (subscribed.contains(topic)) {
                        String subject = subjects.of(topic);
                        dispatcher.unsubscribe(subject);
                        dispatcher.subscribe(subject);
                    }
                }
            } catch (IllegalStateException e) {
                return; // closed
            }
            repairedUpTo = end;
        }
        if (discards.get() != discardsBeforeRound) {
            repairSoon(WAIT_FOR_ROOM);
        } else {
            log.info("nats bus: subscriptions of node {} sent again after its outgoing queue overflowed", nodeId);
        }
    }

    /** Whether a subscription change would find room in the outgoing queue; waits while the socket is stuck. */
    private boolean roomInQueue() {
        try {
            return nats.outgoingPendingMessageCount() < ROOM_FOR_CHANGES;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** jnats reports problems here instead of throwing them at anyone. */
    private final class Errors implements ErrorListener {

        @Override
        public void messageDiscarded(Connection connection, Message message) {
            counters.countDropped();
            discards.incrementAndGet();
            repairSoon(Duration.ZERO);
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            long events = slowConsumerEvents.incrementAndGet();
            if (BusCounters.worthLogging(events)) {
                log.warn("nats bus: the listener of node {} falls behind and messages are dropped ({} times so far)", nodeId, events);
            }
        }

        @Override
        public void errorOccurred(Connection connection, String error) {
            log.warn("nats bus: the server reported: {}", error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            log.debug("nats bus: connection problem: {}", exception.toString());
        }
    }
}
