package io.herald.channel;

import io.herald.connection.Connection;
import io.herald.connection.LoopShard;
import io.herald.connection.LoopShards;
import io.herald.connection.RosterGate;
import io.herald.metrics.HeraldMetrics;
import io.herald.protocol.CloseCode;
import io.herald.transport.TextFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Delivers a message to a channel's subscribers on this node. The message is encoded once into a
 * complete WebSocket frame; each event loop with subscribers gets one task that writes retained
 * duplicates of that frame to its own sockets (inline when the caller is on that loop).
 * Subscribers that cannot keep up are closed with 4100.
 */
public final class ChannelFanOut {

    private final LocalChannels channels;
    private final LoopShards shards;
    private final HeraldMetrics metrics;

    public ChannelFanOut(LocalChannels channels, LoopShards shards, HeraldMetrics metrics) {
        this.channels = channels;
        this.shards = shards;
        this.metrics = metrics;
    }

    /**
     * Writes {@code json} to every subscriber of the channel on this node except the connection
     * {@code except} and the socket id {@code excludeSocketId} (either may be null). Any thread.
     */
    public void deliverHere(String appId, String channelName, String json, String excludeSocketId, Connection except) {
        LocalChannel channel = channels.find(appId, channelName);
        if (channel == null) {
            return;
        }
        ByteBuf frame = TextFrames.encode(ByteBufAllocator.DEFAULT, json);
        try {
            toLoops(channel, frame, excludeSocketId, except, RosterGate.NOT_A_PRESENCE_CHANGE, true);
        } finally {
            frame.release();
        }
    }

    /**
     * Writes a member_added or member_removed ({@code json}) about {@code userId}, of presence
     * version {@code version}, to the presence channel's subscribers on this node except the socket
     * id {@code excludeSocketId} (may be null): unless a newer change of that user passed here
     * already, and to each subscriber only after its roster and when newer than it. Any thread.
     */
    public void deliverPresenceChange(String appId, String channelName, String json, String excludeSocketId, String userId,
            long version) {
        LocalChannel channel = channels.find(appId, channelName);
        if (channel == null || channel.memberVersions() == null) {
            return;
        }
        ByteBuf frame = TextFrames.encode(ByteBufAllocator.DEFAULT, json);
        try {
            // Queued to every loop under the versions' lock, never written inline: each loop gets one user's changes in version order.
            channel.memberVersions().ifNewer(userId, version,
                    () -> toLoops(channel, frame, excludeSocketId, null, version, false));
        } finally {
            frame.release();
        }
    }

    private void toLoops(LocalChannel channel, ByteBuf frame, String excludeSocketId, Connection except, long presenceVersion,
            boolean inlineOnOwnLoop) {
        for (int i = 0; i < channel.loops(); i++) {
            if (channel.onLoop(i) == null) {
                continue;
            }
            LoopShard shard = shards.get(i);
            frame.retain();
            int loopIndex = i;
            if (inlineOnOwnLoop && shard.loop().inEventLoop()) {
                deliverOnLoop(channel, loopIndex, frame, excludeSocketId, except, presenceVersion);
            } else {
                shard.loop().execute(() -> deliverOnLoop(channel, loopIndex, frame, excludeSocketId, except, presenceVersion));
            }
        }
    }

    private void deliverOnLoop(LocalChannel channel, int loopIndex, ByteBuf frame, String excludeSocketId, Connection except,
            long presenceVersion) {
        List<Connection> slow = new ArrayList<>(0);
        int frameBytes = frame.readableBytes();
        int delivered;
        try {
            delivered = channel.onLoop(loopIndex).deliver(frame, excludeSocketId, except, presenceVersion, slow);
        } finally {
            frame.release();
        }
        if (delivered > 0) {
            metrics.messagesSent(channel.appId(), delivered, (long) delivered * frameBytes);
        }
        for (Connection connection : slow) {
            metrics.slowConsumerClosed(channel.appId());
            connection.close(CloseCode.OVER_CAPACITY, "Connection closed: it could not keep up with its messages");
        }
    }
}
