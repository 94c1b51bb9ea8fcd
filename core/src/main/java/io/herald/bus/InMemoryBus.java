package io.herald.bus;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bus of nodes living in one process: every node of a {@link Hub} is one {@code InMemoryBus}.
 * The reference driver for the contract, and the bus of tests that run several nodes in one JVM.
 *
 * <p>Each node delivers on its own thread, in the order messages were published, so a publish
 * returns at once and a slow listener delays only its own node. The queue of a node is not
 * bounded: its listener must return at once, as the contract says.
 */
public final class InMemoryBus implements Bus {

    /** The shared engine: which node is interested in which topic. */
    public static final class Hub {

        private final ConcurrentMap<BusTopic, Set<InMemoryBus>> interested = new ConcurrentHashMap<>();
        private final ConcurrentMap<String, InMemoryBus> nodes = new ConcurrentHashMap<>();

        /** A new node on this hub; an id is taken until its bus is closed. */
        public InMemoryBus node(String nodeId) {
            return node(nodeId, new BusCounters());
        }

        public InMemoryBus node(String nodeId, BusCounters counters) {
            InMemoryBus bus = new InMemoryBus(this, nodeId, counters);
            if (nodes.putIfAbsent(nodeId, bus) != null) {
                bus.close();
                throw new IllegalArgumentException("node " + nodeId + " is already on this hub");
            }
            return bus;
        }

        private void publish(BusMessage message) {
            Set<InMemoryBus> receivers = interested.get(message.topic());
            if (receivers != null) {
                for (InMemoryBus receiver : receivers) {
                    receiver.enqueue(message);
                }
            }
        }

        private void add(BusTopic topic, InMemoryBus node) {
            interested.compute(topic, (t, nodesOfTopic) -> {
                Set<InMemoryBus> set = nodesOfTopic == null ? ConcurrentHashMap.newKeySet() : nodesOfTopic;
                set.add(node);
                return set;
            });
        }

        private void remove(BusTopic topic, InMemoryBus node) {
            interested.computeIfPresent(topic, (t, nodesOfTopic) -> {
                nodesOfTopic.remove(node);
                return nodesOfTopic.isEmpty() ? null : nodesOfTopic;
            });
        }

        private void leave(InMemoryBus node) {
            nodes.remove(node.nodeId, node);
        }
    }

    private final Hub hub;
    private final String nodeId;
    private final BusCounters counters;
    private final Set<BusTopic> interests = ConcurrentHashMap.newKeySet();
    private final BusInbox inbox;
    private final ExecutorService delivery;
    private final AtomicBoolean closed = new AtomicBoolean();

    private InMemoryBus(Hub hub, String nodeId, BusCounters counters) {
        this.hub = hub;
        this.nodeId = Objects.requireNonNull(nodeId, "nodeId");
        this.counters = counters;
        this.inbox = new BusInbox(name(), nodeId, counters, interests::contains);
        this.delivery = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("herald-bus-memory-" + nodeId).factory());
    }

    @Override
    public String name() {
        return "memory";
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
        if (closed.get()) {
            counters.countDropped();
            return;
        }
        counters.countPublished();
        hub.publish(message);
    }

    @Override
    public CompletionStage<Void> addInterest(BusTopic topic) {
        if (!closed.get() && interests.add(topic)) {
            hub.add(topic, this);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void removeInterest(BusTopic topic) {
        if (interests.remove(topic)) {
            hub.remove(topic, this);
        }
    }

    /** Always connected until closed: there is no engine to lose. */
    @Override
    public boolean connected() {
        return !closed.get();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (BusTopic topic : interests) {
            removeInterest(topic);
        }
        hub.leave(this);
        delivery.shutdown();
        try {
            delivery.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "InMemoryBus[" + nodeId + "]";
    }

    private void enqueue(BusMessage message) {
        if (message.originNodeId().equals(nodeId)) {
            return;
        }
        try {
            delivery.execute(() -> inbox.deliver(message));
        } catch (RejectedExecutionException e) {
            // Closed meanwhile: a closed node receives nothing.
        }
    }
}
