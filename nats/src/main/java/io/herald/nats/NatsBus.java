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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
 */
public final class NatsBus implements Bus {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Outgoing messages the connection holds before it discards new ones (never blocking the caller). */
    static final int MAX_QUEUED_MESSAGES = 20_000;
    private static final Duration FIRST_RECONNECT_WAIT = Duration.ofMillis(50);
    private static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(2);
    private static final Logger log = LoggerFactory.getLogger(NatsBus.class);

    private final String nodeId;
    private final BusCounters counters;
    private final NatsBusSubjects subjects;
    private final Set<BusTopic> interests = ConcurrentHashMap.newKeySet();
    private final BusInbox inbox;
    private final AtomicLong slowConsumerEvents = new AtomicLong();
    private final Connection nats;
    private final Dispatcher dispatcher;
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

    /** Subscribes at once when connected; when not, jnats subscribes on reconnect. */
    @Override
    public synchronized void addInterest(BusTopic topic) {
        if (!closed && interests.add(topic)) {
            dispatcher.subscribe(subjects.of(topic));
        }
    }

    @Override
    public synchronized void removeInterest(BusTopic topic) {
        if (!closed && interests.remove(topic)) {
            dispatcher.unsubscribe(subjects.of(topic));
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

    /** jnats reports problems here instead of throwing them at anyone. */
    private final class Errors implements ErrorListener {

        @Override
        public void messageDiscarded(Connection connection, Message message) {
            counters.countDropped();
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
