package io.herald.connection;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The part of the node owned by one event loop: its connections, and the connections written to
 * since the last flush. Touched only from its own loop, so it needs no locks.
 *
 * <p>Fan-out writes without flushing and marks the connection here; one flush task, queued behind
 * every publish already waiting on the loop, then flushes each written connection once. Bursts of
 * publishes therefore cost one syscall per socket, not one per message.
 */
public final class LoopShard {

    private final int index;
    private final EventLoop loop;
    private Connection[] connections = new Connection[64];
    private int connectionCount;
    private final List<Connection> unflushed = new ArrayList<>();
    private boolean flushScheduled;
    private final Runnable flushTask = this::flushAll;

    public LoopShard(int index, EventLoop loop) {
        this.index = index;
        this.loop = loop;
    }

    public int index() {
        return index;
    }

    public EventLoop loop() {
        return loop;
    }

    void add(Connection connection) {
        if (connectionCount == connections.length) {
            connections = Arrays.copyOf(connections, connections.length * 2);
        }
        connection.shardSlot = connectionCount;
        connections[connectionCount++] = connection;
    }

    void remove(Connection connection) {
        int slot = connection.shardSlot;
        if (slot < 0) {
            return;
        }
        Connection last = connections[--connectionCount];
        connections[slot] = last;
        last.shardSlot = slot;
        connections[connectionCount] = null;
        connection.shardSlot = -1;
    }

    public int connectionCount() {
        return connectionCount;
    }

    /** Visits every connection of this loop; the visitor may close connections. */
    public void forEachConnection(Consumer<Connection> visitor) {
        Connection[] snapshot = Arrays.copyOf(connections, connectionCount);
        for (Connection connection : snapshot) {
            visitor.accept(connection);
        }
    }

    void markUnflushed(Connection connection) {
        unflushed.add(connection);
        if (!flushScheduled) {
            flushScheduled = true;
            loop.execute(flushTask);
        }
    }

    private void flushAll() {
        flushScheduled = false;
        for (int i = 0; i < unflushed.size(); i++) {
            unflushed.get(i).flushNow();
        }
        unflushed.clear();
    }
}
