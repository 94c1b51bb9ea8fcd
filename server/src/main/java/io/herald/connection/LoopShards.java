package io.herald.connection;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** One {@link LoopShard} per event loop of the connection group, found by loop identity. */
public final class LoopShards {

    private final LoopShard[] shards;
    private final Map<EventExecutor, LoopShard> byLoop = new IdentityHashMap<>();

    public LoopShards(EventLoopGroup group) {
        List<LoopShard> list = new ArrayList<>();
        for (EventExecutor executor : group) {
            LoopShard shard = new LoopShard(list.size(), (EventLoop) executor);
            list.add(shard);
            byLoop.put(executor, shard);
        }
        this.shards = list.toArray(LoopShard[]::new);
    }

    public LoopShard of(EventLoop loop) {
        LoopShard shard = byLoop.get(loop);
        if (shard == null) {
            throw new IllegalStateException("event loop is not part of the connection group: " + loop);
        }
        return shard;
    }

    public int count() {
        return shards.length;
    }

    public LoopShard get(int index) {
        return shards[index];
    }

    public int totalConnections() {
        int total = 0;
        for (LoopShard shard : shards) {
            total += shard.connectionCount();
        }
        return total;
    }
}
