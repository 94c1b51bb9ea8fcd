package io.herald.testkit.base;

import io.herald.bus.BusListener;
import io.herald.bus.BusMessage;
import io.herald.bus.BusTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A {@link BusListener} that keeps everything it heard, in order. Probes (messages whose json is
 * {@link #PROBE_JSON}, published until a subscription is known to be in place) are kept apart from
 * the messages a test is about.
 */
public final class RecordingBusListener implements BusListener {

    /** The json of a probe message. */
    public static final String PROBE_JSON = "{\"event\":\"herald:probe\"}";

    private final ConcurrentLinkedQueue<BusMessage> messages = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<BusMessage> probes = new ConcurrentLinkedQueue<>();
    private final List<Boolean> connectionChanges = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(BusMessage message) {
        (PROBE_JSON.equals(message.json()) ? probes : messages).add(message);
    }

    @Override
    public void onConnectionChanged(boolean connected) {
        connectionChanges.add(connected);
    }

    /** What was received, probes left out, in order of arrival. */
    public List<BusMessage> messages() {
        return List.copyOf(messages);
    }

    public List<BusMessage> messagesOf(BusTopic topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    /** The topics probes arrived on. */
    public Set<BusTopic> probedTopics() {
        return probes.stream().map(BusMessage::topic).collect(Collectors.toSet());
    }

    public int probeCount() {
        return probes.size();
    }

    /** Probes and messages together: whatever arrived at all. */
    public List<BusMessage> heard() {
        List<BusMessage> all = new ArrayList<>(probes);
        all.addAll(messages);
        return all;
    }

    /** Every {@code onConnectionChanged} so far, in order. */
    public List<Boolean> connectionChanges() {
        return List.copyOf(connectionChanges);
    }
}
