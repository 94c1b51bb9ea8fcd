package io.herald.connection;

import io.herald.app.AppConfig;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.transport.CloseFrames;
import io.herald.transport.TextFrames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One client WebSocket. Every field is touched only from the connection's own event loop (the
 * inbound handler, fan-out tasks and sweeps all run there), so there are no locks; collections are
 * created on first use to keep idle connections small.
 */
public final class Connection {

    /** How long a closing connection waits for the client's close frame before dropping TCP. */
    private static final long CLOSE_HANDSHAKE_MILLIS = 1_000;
    /** The name Netty's {@code WebSocketServerHandshaker} gives the frame encoder it adds. */
    static final String WEBSOCKET_ENCODER = "wsencoder";

    private final Channel channel;
    /**
     * Where shared frames enter the pipeline: the WebSocket encoder's context, so that a write goes
     * straight to the socket's end. The frames are encoded already, and walking them from the
     * pipeline's tail through every handler was about 40 % of the fan-out's Java time with
     * tens of thousands of connections (docs/performance.md). Null when the pipeline has no
     * encoder, as in tests; writes then start at the tail.
     */
    private final ChannelHandlerContext frameWriter;
    /** Replaced, on the connection's loop, when the app changes in the store: the next operation sees it. */
    private AppConfig app;
    private final String socketId;
    private final LoopShard shard;
    private final long openedAtMillis;

    int shardSlot = -1;
    private long lastInboundMillis;
    private long pingSentAtMillis;
    private boolean flushPending;
    private boolean closing;
    private int closeCode = 1006;
    private boolean authorized;
    /**
     * Most connections hold one subscription: it sits in {@code onlySubscription}, and a map (about
     * 100 bytes more per connection) is made only for a second one, after which it holds them all.
     */
    private Subscription onlySubscription;
    private Map<String, Subscription> subscriptions;
    private String userId;
    private String userInfoJson = "null";
    private List<String> watchlist = List.of();
    private long clientEventWindow;
    private int clientEventsInWindow;
    private Acknowledgements acknowledgements;

    public Connection(Channel channel, AppConfig app, String socketId, LoopShard shard, long nowMillis) {
        this.channel = channel;
        this.frameWriter = channel.pipeline().context(WEBSOCKET_ENCODER);
        this.app = app;
        this.socketId = socketId;
        this.shard = shard;
        this.openedAtMillis = nowMillis;
        this.lastInboundMillis = nowMillis;
    }

    /** The app changed in the store (a rotated secret, new limits); on the connection's loop. */
    public void app(AppConfig changed) {
        this.app = changed;
    }

    public AppConfig app() {
        return app;
    }

    public String socketId() {
        return socketId;
    }

    public LoopShard shard() {
        return shard;
    }

    public Channel channel() {
        return channel;
    }

    public void register() {
        shard.add(this);
    }

    public void unregister() {
        shard.remove(this);
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * Sends one message to this connection alone. Like fan-out, it is flushed by the shard once
     * the loop has handled what it is busy with, so the replies to a burst of client messages
     * leave in one write rather than one small TCP segment each.
     */
    public void send(String json) {
        if (closing || !hasRoom()) {
            return;
        }
        channel.write(TextFrames.encode(channel.alloc(), json), channel.voidPromise());
        markUnflushed();
    }

    /**
     * Sends a control frame (a pong), bounded like every other reply: a client that sends pings
     * without reading the pongs is cut off like one that floods requests.
     */
    public void sendControl(WebSocketFrame frame) {
        if (closing || !hasRoom()) {
            frame.release();
            return;
        }
        // From the tail, through the WebSocket encoder: unlike shared text frames, this one is not encoded yet.
        channel.write(frame, channel.voidPromise());
        markUnflushed();
    }

    /**
     * True when the connection may take one more reply. Unflushed bytes count towards the mark, so
     * it flushes first; a socket that still cannot take them belongs to a client that is not
     * reading, and it cannot be told, so it is cut off (4100) and this returns false.
     */
    private boolean hasRoom() {
        if (channel.isWritable()) {
            return true;
        }
        flushNow();
        if (channel.isWritable()) {
            return true;
        }
        closing = true;
        closeCode = CloseCode.OVER_CAPACITY;
        channel.close();
        return false;
    }

    /**
     * Fan-out path: writes a shared pre-encoded frame (a retained duplicate the caller made) and
     * leaves the flush to the shard. Returns false, releasing the frame, when the connection is
     * closing or has more queued than it may hold, in which case it is closed as a slow consumer.
     */
    public boolean deliver(ByteBuf frame) {
        if (closing) {
            frame.release();
            return false;
        }
        if (!channel.isWritable()) {
            // Unflushed fan-out counts towards the mark too: flush, and only a socket that still
            // cannot take it (the client is not reading) is a slow consumer.
            flushNow();
            if (!channel.isWritable()) {
                frame.release();
                return false;
            }
        }
        if (frameWriter != null) {
            frameWriter.write(frame, channel.voidPromise());
        } else {
            channel.write(frame, channel.voidPromise());
        }
        markUnflushed();
        return true;
    }

    private void markUnflushed() {
        if (!flushPending) {
            flushPending = true;
            shard.markUnflushed(this);
        }
    }

    void flushNow() {
        flushPending = false;
        if (frameWriter != null) {
            frameWriter.flush();
        } else {
            channel.flush();
        }
    }

    /**
     * Ends the connection the Pusher way: a {@code pusher:error} with the code, then a close frame
     * with the same code; TCP is dropped when the client answers or after a short wait.
     */
    public void close(int code, String message) {
        if (closing) {
            return;
        }
        send(PusherMessages.error(code, message));
        closing = true;
        closeCode = code;
        channel.writeAndFlush(CloseFrames.of(code, message));
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Ends the connection on a frame that breaks RFC 6455 (1002, 1007 or 1009): the close frame
     * first, then TCP once it is written, or after the short wait when the client does not read.
     */
    public void protocolError(int code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        closeCode = code;
        closeAfter(channel, CloseFrames.of(code, reason));
    }

    /** Writes a close frame and drops TCP once it is written, or after the close-handshake wait at the latest. */
    public static void closeAfter(Channel channel, CloseWebSocketFrame close) {
        channel.writeAndFlush(close).addListener(ChannelFutureListener.CLOSE);
        channel.eventLoop().schedule(() -> channel.close(), CLOSE_HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** The client answered our close frame, or closed first. */
    public void closeReceived(int code) {
        if (!closing) {
            closeCode = code;
        }
        closing = true;
        channel.close();
    }

    /** Drops the transport without a closing handshake (used when the socket is already broken). */
    public void abort(int code) {
        if (!closing) {
            closeCode = code;
        }
        closing = true;
        channel.close();
    }

    public boolean isClosing() {
        return closing;
    }

    public int closeCode() {
        return closeCode;
    }

    // ---- liveness ------------------------------------------------------------------------------

    public void inboundActivity(long nowMillis) {
        lastInboundMillis = nowMillis;
        pingSentAtMillis = 0;
    }

    public long lastInboundMillis() {
        return lastInboundMillis;
    }

    public long pingSentAtMillis() {
        return pingSentAtMillis;
    }

    public void pingSent(long nowMillis) {
        pingSentAtMillis = nowMillis;
    }

    public long openedAtMillis() {
        return openedAtMillis;
    }

    // ---- authorisation, subscriptions and user -------------------------------------------------

    /** The waits and order of this connection's acknowledgements, for apps with webhook endpoints. */
    public Acknowledgements acknowledgements() {
        if (acknowledgements == null) {
            acknowledgements = new Acknowledgements(channel.eventLoop());
        }
        return acknowledgements;
    }

    /** Signed in, or subscribed to a private or presence channel (authorized connections). */
    public boolean isAuthorized() {
        return authorized;
    }

    public void markAuthorized() {
        authorized = true;
    }

    public Subscription subscription(String channelName) {
        if (subscriptions != null) {
            return subscriptions.get(channelName);
        }
        return onlySubscription != null && onlySubscription.channelName().equals(channelName) ? onlySubscription : null;
    }

    public void addSubscription(String channelName, Subscription subscription) {
        if (subscriptions == null) {
            if (onlySubscription == null || onlySubscription.channelName().equals(channelName)) {
                onlySubscription = subscription;
                return;
            }
            subscriptions = new HashMap<>(4);
            subscriptions.put(onlySubscription.channelName(), onlySubscription);
            onlySubscription = null;
        }
        subscriptions.put(channelName, subscription);
    }

    public Subscription removeSubscription(String channelName) {
        if (subscriptions != null) {
            return subscriptions.remove(channelName);
        }
        Subscription removed = subscription(channelName);
        if (removed != null) {
            onlySubscription = null;
        }
        return removed;
    }

    public Collection<Subscription> subscriptions() {
        if (subscriptions != null) {
            return List.copyOf(subscriptions.values());
        }
        return onlySubscription == null ? List.of() : List.of(onlySubscription);
    }

    public int subscriptionCount() {
        if (subscriptions != null) {
            return subscriptions.size();
        }
        return onlySubscription == null ? 0 : 1;
    }

    public String userId() {
        return userId;
    }

    /** The signed-in user's user_info (JSON), used as presence info when channel_data is omitted. */
    public String userInfoJson() {
        return userInfoJson;
    }

    public void signedIn(String userId, String userInfoJson, List<String> watchlist) {
        this.userId = userId;
        this.userInfoJson = userInfoJson;
        this.watchlist = List.copyOf(watchlist);
        this.authorized = true;
    }

    public List<String> watchlist() {
        return watchlist;
    }

    /** Counts a client event against the per-second limit; false when over it. */
    public boolean tryClientEvent(long nowMillis, int perSecond) {
        long window = nowMillis / 1000;
        if (window != clientEventWindow) {
            clientEventWindow = window;
            clientEventsInWindow = 0;
        }
        if (clientEventsInWindow >= perSecond) {
            return false;
        }
        clientEventsInWindow++;
        return true;
    }
}
