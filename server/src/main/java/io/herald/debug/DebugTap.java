package io.herald.debug;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Where the server reports debug events of an app, and where consoles watch them. Reporting costs
 * one map lookup while no console watches the app: callers ask {@link #watched} first and build
 * an event only when it says yes, so an app nobody watches allocates nothing.
 *
 * <p>Thread-safe; {@link #emit} runs on the reporting thread and only queues (see
 * {@link DebugWatcher}).
 */
public final class DebugTap {

    /** A tap that nobody can watch. */
    public static final DebugTap NONE = new DebugTap("", System::currentTimeMillis);

    private final String nodeId;
    private final LongSupplier clockMillis;
    private final Map<String, List<DebugWatcher>> watchers = new ConcurrentHashMap<>();
    private volatile Consoles consoles = Consoles.NONE;

    public String nodeId() {
        return nodeId;
    }

    public DebugTap(String nodeId, LongSupplier clockMillis) {
        this.nodeId = nodeId;
        this.clockMillis = clockMillis;
    }

    /** Whether a console watches the app; when false, {@link #emit} need not be called. */
    public boolean watched(String appId) {
        return !watchers.isEmpty() && watchers.containsKey(appId);
    }

    /** A new event of {@code type}, to be filled and given to {@link #emit}. */
    public static ObjectNode event(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }

    /** Tells every console watching the app; adds the time and this node's id. */
    public void emit(String appId, ObjectNode event) {
        List<DebugWatcher> watching = watchers.get(appId);
        if (watching == null) {
            return;
        }
        long now = clockMillis.getAsLong();
        event.put("at", now).put("node", nodeId);
        for (DebugWatcher watcher : watching) {
            watcher.offer(event, now);
        }
    }

    /** Tells the consoles watching an app of an event reported by another node, as it is. */
    public void relay(String appId, ObjectNode event) {
        List<DebugWatcher> watching = watchers.get(appId);
        if (watching != null) {
            long now = clockMillis.getAsLong();
            watching.forEach(watcher -> watcher.offer(event, now));
        }
    }

    /** A console opens on this node: its watcher takes the app's events, and the cluster is told. */
    public void watch(String appId, DebugWatcher watcher) {
        forward(appId, watcher);
        consoles.opened(appId);
    }

    /** The console closed. */
    public void unwatch(String appId, DebugWatcher watcher) {
        unforward(appId, watcher);
        consoles.closed(appId);
    }

    /**
     * A watcher that passes the app's events on to consoles of other nodes: it takes events as a
     * console's does, but opens no console here.
     */
    public void forward(String appId, DebugWatcher watcher) {
        watchers.computeIfAbsent(appId, id -> new CopyOnWriteArrayList<>()).add(watcher);
    }

    public void unforward(String appId, DebugWatcher watcher) {
        watchers.computeIfPresent(appId, (id, list) -> {
            list.remove(watcher);
            return list.isEmpty() ? null : list;
        });
    }

    /** Who is told of consoles opening and closing here (the cluster); set once, before any console opens. */
    public void onConsoles(Consoles consoles) {
        this.consoles = consoles;
    }

    /** Told when a console of an app opens or closes on this node. Called on the console's loop. */
    public interface Consoles {
        Consoles NONE = new Consoles() {
            @Override
            public void opened(String appId) { }

            @Override
            public void closed(String appId) { }
        };

        void opened(String appId);

        void closed(String appId);
    }

    /** The apps watched on this node now. */
    public java.util.Set<String> watchedApps() {
        return java.util.Set.copyOf(watchers.keySet());
    }

    public long nowMillis() {
        return clockMillis.getAsLong();
    }
}
