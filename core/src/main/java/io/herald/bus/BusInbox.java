package io.herald.bus;

import java.util.Objects;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a driver tells its {@link BusListener} passes here, so every driver applies the same
 * rules: payloads are decoded (a malformed one is counted, logged ever more rarely and dropped), a
 * node's own messages are dropped, a message of a topic the node is no longer interested in is
 * dropped (so removing interest takes effect at once, whatever the engine still has in flight),
 * and only changes of the connection state are reported, in the order they happened.
 */
public final class BusInbox {

    private static final Logger log = LoggerFactory.getLogger(BusInbox.class);

    private final String driver;
    private final String nodeId;
    private final BusCounters counters;
    private final Predicate<BusTopic> interested;
    private volatile BusListener listener;
    private volatile boolean reportedConnected = true;

    /** {@code interested} answers, on any thread, whether the node is interested in a topic now. */
    public BusInbox(String driver, String nodeId, BusCounters counters, Predicate<BusTopic> interested) {
        this.driver = driver;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.counters = counters;
        this.interested = interested;
    }

    /** Messages and connection changes go to {@code listener} from now on; before, they are dropped. */
    public void start(BusListener listener) {
        Objects.requireNonNull(listener, "listener");
        synchronized (this) {
            if (this.listener != null) {
                throw new IllegalStateException("the " + driver + " bus of node " + nodeId + " was already started");
            }
            this.listener = listener;
        }
    }

    /** A payload as it came from the engine. */
    public void receive(byte[] payload) {
        BusMessage message;
        try {
            message = BusCodec.decode(payload);
        } catch (MalformedBusMessageException e) {
            long seen = counters.countMalformed();
            if (BusCounters.worthLogging(seen)) {
                log.warn("{} bus: dropped a payload that is not a bus message ({} so far): {}", driver, seen, e.getMessage());
            }
            return;
        }
        deliver(message);
    }

    /** A decoded message: delivered unless it is this node's own or of a topic it is not interested in. */
    public void deliver(BusMessage message) {
        BusListener target = listener;
        if (target == null || nodeId.equals(message.originNodeId()) || !interested.test(message.topic())) {
            return;
        }
        counters.countReceived();
        try {
            target.onMessage(message);
        } catch (RuntimeException e) {
            log.error("{} bus: the listener failed on a message of {}", driver, message.topic(), e);
        }
    }

    /**
     * The driver's connection is up or down now. Repeats are not reported. A driver whose state
     * comes from several threads decides it under its own lock and calls this inside it, so the
     * listener hears the changes in the order they were decided.
     */
    public synchronized void connectionChanged(boolean connected) {
        if (connected == reportedConnected) {
            return;
        }
        reportedConnected = connected;
        if (connected) {
            log.info("{} bus: connected again, interests resubscribed", driver);
        } else {
            log.warn("{} bus: disconnected; messages to and from other nodes are lost until it reconnects", driver);
        }
        BusListener target = listener;
        if (target != null) {
            try {
                target.onConnectionChanged(connected);
            } catch (RuntimeException e) {
                log.error("{} bus: the listener failed on a connection change", driver, e);
            }
        }
    }

    /** The last state reported (or, before any change, connected). */
    public boolean connected() {
        return reportedConnected;
    }
}
