package io.herald.debug;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One open console's queue of debug events: bounded and sampled, never growing with the app.
 *
 * <p>Sampling: at most {@code maxPerSecond} events of each second (of the node's clock) are
 * queued; the rest of that second are only counted, and the first event of a later second is
 * preceded by a {@code sampled} marker saying how many were left out. Bound: at most
 * {@code capacity} events wait for the console; a console that does not take them in time (a
 * slow network, a frozen tab) is cut off: the watcher closes, says why, and takes no more.
 *
 * <p>Thread-safe: events arrive from every event loop, the console drains from its own.
 */
public final class DebugWatcher {

    private final int maxPerSecond;
    private final int capacity;
    private final ArrayDeque<ObjectNode> queued = new ArrayDeque<>();
    private long second = Long.MIN_VALUE;
    private int inSecond;
    private long leftOut;
    private long leftOutTotal;
    private String cutOff;

    public DebugWatcher(int maxPerSecond, int capacity) {
        if (maxPerSecond < 1 || capacity < 2) {
            throw new IllegalArgumentException("maxPerSecond must be at least 1 and capacity at least 2");
        }
        this.maxPerSecond = maxPerSecond;
        this.capacity = capacity;
    }

    /** Queues an event that happened at {@code nowMillis}, counts it as left out, or cuts the console off. */
    public synchronized void offer(ObjectNode event, long nowMillis) {
        if (cutOff != null) {
            return;
        }
        long now = Math.floorDiv(nowMillis, 1000);
        if (now != second) {
            second = now;
            inSecond = 0;
            if (leftOut > 0) {
                queue(marker(nowMillis));
                leftOut = 0;
            }
        }
        if (inSecond >= maxPerSecond) {
            leftOut++;
            leftOutTotal++;
            return;
        }
        inSecond++;
        queue(event);
    }

    private void queue(ObjectNode event) {
        if (cutOff != null) {
            return;
        }
        if (queued.size() >= capacity) {
            queued.clear();
            cutOff = "The console did not keep up: " + capacity + " events waited for it; reconnect to watch again";
            return;
        }
        queued.add(event);
    }

    private ObjectNode marker(long nowMillis) {
        return JsonNodeFactory.instance.objectNode().put("type", "sampled").put("at", nowMillis)
                .put("left_out", leftOut)
                .put("message", leftOut + " events left out: the app produced more than " + maxPerSecond + " a second");
    }

    /**
     * The events waiting, oldest first, and none left; a marker for the events left out in the
     * current second once {@code nowMillis} is past it.
     */
    public synchronized List<ObjectNode> drain(long nowMillis) {
        if (leftOut > 0 && Math.floorDiv(nowMillis, 1000) != second && cutOff == null) {
            queue(marker(nowMillis));
            leftOut = 0;
        }
        List<ObjectNode> events = new ArrayList<>(queued);
        queued.clear();
        return events;
    }

    /** Why the console was cut off, or null while it keeps up. */
    public synchronized String cutOff() {
        return cutOff;
    }

    /** How many events were left out by sampling since the console opened. */
    public synchronized long leftOutTotal() {
        return leftOutTotal;
    }

    /** How many events wait now. */
    public synchronized int waiting() {
        return queued.size();
    }
}
