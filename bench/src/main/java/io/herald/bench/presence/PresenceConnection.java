package io.herald.bench.presence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.auth.Signatures;
import io.herald.bench.client.BenchClock;
import io.herald.bench.client.FailureCauses;
import io.herald.bench.presence.PresenceCounters.Action;
import io.herald.json.JsonText;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One connection of a presence run. An <b>observer</b> subscribes to its presence channel as soon
 * as it is established and stays, reporting every {@code member_added} and {@code member_removed}
 * it reads. A <b>member</b> is ready once established; then each {@link #toggle(long)} joins its
 * channel (a signed {@code pusher:subscribe} with its {@code channel_data}) or leaves it
 * ({@code pusher:unsubscribe}). An action due while the member's join is still unanswered waits
 * for the answer and is sent right after it, keeping its scheduled time, so the server's delay in
 * answering shows in the next action's latency instead of being left out. Runs on the
 * connection's event loop only; {@link #toggle(long)} hops onto it.
 */
public final class PresenceConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PONG = "{\"event\":\"pusher:pong\",\"data\":{}}";
    static final String MEMBER_ID_PREFIX = "m";
    private static final String OBSERVER_ID_PREFIX = "o";

    private enum State { CONNECTING, AWAITING_ESTABLISHED, SUBSCRIBING, READY, JOINING, JOINED, ENDED }

    private final boolean observer;
    private final int index;
    private final String channel;
    private final int channelIndex;
    private final String key;
    private final String secret;
    private final PresenceCounters counters;
    private final long setupTimeoutMillis;
    private State state = State.CONNECTING;
    private ChannelHandlerContext context;
    private ScheduledFuture<?> setupTimer;
    private String socketId;
    private String lastError;
    private long joinScheduledNanos;
    private boolean joinMeasured;
    /** Scheduled times ({@link System#nanoTime()}) of the actions that came due while a join was unanswered, oldest first. */
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();

    private PresenceConnection(boolean observer, int index, PresenceSpec spec, int channelIndex, PresenceCounters counters) {
        this.observer = observer;
        this.index = index;
        this.channelIndex = channelIndex;
        this.channel = spec.channelName(channelIndex);
        this.key = spec.key();
        this.secret = spec.secret();
        this.counters = counters;
        this.setupTimeoutMillis = spec.setupTimeoutMillis();
    }

    static PresenceConnection observer(int index, PresenceSpec spec, PresenceCounters counters) {
        return new PresenceConnection(true, index, spec, spec.observerChannel(index), counters);
    }

    static PresenceConnection member(int index, PresenceSpec spec, PresenceCounters counters) {
        return new PresenceConnection(false, index, spec, spec.memberChannel(index), counters);
    }

    /** The {@code channel_data} a user sends: its id and a little user_info, as an app's auth endpoint would return. */
    static String channelData(String userId) {
        StringBuilder data = new StringBuilder(64);
        JsonText.appendQuoted(data.append("{\"user_id\":"), userId);
        JsonText.appendQuoted(data.append(",\"user_info\":{\"name\":"), "bench user " + userId);
        return data.append("}}").toString();
    }

    /** The {@code pusher:subscribe} message for {@code channel}, signed for {@code socketId}. */
    static String subscribeMessage(String key, String secret, String socketId, String channel, String channelData) {
        StringBuilder message = new StringBuilder(256);
        JsonText.appendQuoted(message.append("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":"), channel);
        JsonText.appendQuoted(message.append(",\"auth\":"), Signatures.presenceAuth(key, secret, socketId, channel, channelData));
        JsonText.appendQuoted(message.append(",\"channel_data\":"), channelData);
        return message.append("}}").toString();
    }

    private String userId() {
        return (observer ? OBSERVER_ID_PREFIX : MEMBER_ID_PREFIX) + index;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        setupTimer = ctx.executor().schedule(() -> {
            end("timeout " + describe(state) + (lastError == null ? "" : " after " + lastError));
            ctx.close();
        }, setupTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The TCP connect itself failed; the channel never became active. */
    void connectFailed(Throwable cause) {
        end(FailureCauses.of(cause));
    }

    /**
     * The action due at {@code scheduledNanos} (a {@link System#nanoTime()} reading): the member
     * joins if it is out of its channel, leaves if it is in, and does so once its join in flight is
     * answered. Skipped (and counted) only when the member is not connected.
     */
    void toggle(long scheduledNanos) {
        ChannelHandlerContext ctx = context;
        if (ctx == null) {
            counters.actionSkipped(scheduledNanos);
            return;
        }
        ctx.executor().execute(() -> {
            waiting.addLast(scheduledNanos);
            actWhenAnswered(ctx);
        });
    }

    /** Sends the waiting actions until one is a join, which must be answered before the next. */
    private void actWhenAnswered(ChannelHandlerContext ctx) {
        while (!waiting.isEmpty() && state != State.JOINING) {
            long scheduledNanos = waiting.removeFirst();
            switch (state) {
                case READY -> join(ctx, scheduledNanos);
                case JOINED -> leave(ctx, scheduledNanos);
                default -> counters.actionSkipped(scheduledNanos);
            }
        }
    }

    private void join(ChannelHandlerContext ctx, long scheduledNanos) {
        state = State.JOINING;
        joinScheduledNanos = scheduledNanos;
        joinMeasured = counters.actionSent(index, channelIndex, Action.JOIN, scheduledNanos);
        ctx.writeAndFlush(new TextWebSocketFrame(subscribeMessage(key, secret, socketId, channel, channelData(userId()))));
    }

    private void leave(ChannelHandlerContext ctx, long scheduledNanos) {
        state = State.READY;
        counters.actionSent(index, channelIndex, Action.LEAVE, scheduledNanos);
        counters.left();
        StringBuilder message = new StringBuilder(96);
        JsonText.appendQuoted(message.append("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":"), channel).append("}}");
        ctx.writeAndFlush(new TextWebSocketFrame(message.toString()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            state = State.AWAITING_ESTABLISHED;
        } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            end("handshake timeout");
            ctx.close();
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) throws Exception {
        if (frame instanceof TextWebSocketFrame text) {
            onMessage(ctx, JSON.readTree(text.text()));
        } else if (frame instanceof CloseWebSocketFrame close) {
            end("closed by server: " + close.statusCode() + (lastError == null ? "" : " after " + lastError));
            ctx.close();
        }
    }

    private void onMessage(ChannelHandlerContext ctx, JsonNode message) throws Exception {
        switch (message.path("event").asText()) {
            case "pusher:connection_established" -> established(ctx, data(message));
            case "pusher_internal:subscription_succeeded" -> subscribed(ctx);
            case "pusher_internal:member_added" -> memberEvent(Action.JOIN, data(message));
            case "pusher_internal:member_removed" -> memberEvent(Action.LEAVE, data(message));
            case "pusher:subscription_error" -> subscriptionFailed(ctx, "subscription_error status " + data(message).path("status").asText());
            case "pusher:error" -> {
                lastError = "pusher:error " + data(message).path("code").asText("null");
                if (state == State.JOINING) {
                    subscriptionFailed(ctx, lastError);
                }
            }
            case "pusher:ping" -> ctx.writeAndFlush(new TextWebSocketFrame(PONG));
            default -> { }
        }
    }

    /** An event's data: Pusher sends it as a JSON string, but an object is accepted too. */
    private static JsonNode data(JsonNode message) throws Exception {
        JsonNode data = message.path("data");
        return data.isTextual() ? JSON.readTree(data.asText()) : data;
    }

    private void established(ChannelHandlerContext ctx, JsonNode data) {
        if (state != State.AWAITING_ESTABLISHED) {
            return;
        }
        socketId = data.path("socket_id").asText();
        if (observer) {
            state = State.SUBSCRIBING;
            ctx.writeAndFlush(new TextWebSocketFrame(subscribeMessage(key, secret, socketId, channel, channelData(userId()))));
        } else {
            state = State.READY;
            setupTimer.cancel(false);
            counters.memberReady();
        }
    }

    private void subscribed(ChannelHandlerContext ctx) {
        if (state == State.SUBSCRIBING) {
            state = State.READY;
            setupTimer.cancel(false);
            counters.observerSubscribed(channelIndex);
        } else if (state == State.JOINING) {
            state = State.JOINED;
            counters.joinAccepted(channelIndex, joinMeasured, (System.nanoTime() - joinScheduledNanos) / 1_000);
            actWhenAnswered(ctx);
        }
    }

    private void subscriptionFailed(ChannelHandlerContext ctx, String cause) {
        if (state == State.JOINING) {
            state = State.READY;
            counters.joinFailed(joinMeasured, cause);
            actWhenAnswered(ctx);
        } else if (state == State.SUBSCRIBING) {
            end(cause);
            ctx.close();
        }
    }

    private void memberEvent(Action kind, JsonNode data) {
        if (!observer) {
            return;
        }
        String userId = data.path("user_id").asText("");
        int member = -1;
        if (userId.startsWith(MEMBER_ID_PREFIX)) {
            try {
                member = Integer.parseInt(userId.substring(MEMBER_ID_PREFIX.length()));
            } catch (NumberFormatException e) {
                // Not one of the bench's members; counted as an event, never timed.
            }
        }
        counters.memberEvent(kind, member, BenchClock.nowMicros());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        end("connection closed" + (lastError == null ? "" : " after " + lastError));
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        end(FailureCauses.of(cause));
        ctx.close();
    }

    private void end(String cause) {
        if (state == State.ENDED) {
            return;
        }
        boolean wasReady = state == State.READY || state == State.JOINING || state == State.JOINED;
        if (state == State.JOINED) {
            counters.left();
        }
        if (wasReady) {
            counters.dropped(cause);
        } else {
            counters.failed(cause);
        }
        state = State.ENDED;
        while (!waiting.isEmpty()) {
            counters.actionSkipped(waiting.removeFirst());
        }
        if (setupTimer != null) {
            setupTimer.cancel(false);
        }
    }

    private static String describe(State state) {
        return switch (state) {
            case CONNECTING -> "connecting";
            case AWAITING_ESTABLISHED -> "awaiting connection_established";
            case SUBSCRIBING -> "awaiting subscription_succeeded";
            default -> "after setup";
        };
    }
}
