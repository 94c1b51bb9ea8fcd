package io.herald.bench.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.herald.bench.swarm.SwarmCounters;
import io.herald.json.JsonText;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscriber connection: waits for {@code pusher:connection_established}, subscribes to its
 * channel (a private one with an authorization the bench signs itself, when given the app's
 * credentials), then counts bench events and their latency. Every outcome is reported to the
 * {@link SwarmCounters} exactly once: subscribed (perhaps dropped later) or failed, the whole
 * setup bounded by one timer. A {@code pusher:error} once subscribed means the node refused
 * something the connection sent, such as a client event; it is counted as a rejection. Given a
 * {@link Resubscription.Reconnector}, a subscribed connection closed with a code from 4200 to 4299
 * (the node draining) is not dropped but handed to it, as pusher-js reconnects on those codes; the
 * handler of the next connection then carries a {@link Resubscription}. Runs on the connection's
 * event loop only.
 */
public final class SubscriberHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PONG = "{\"event\":\"pusher:pong\",\"data\":{}}";

    private enum State { CONNECTING, AWAITING_ESTABLISHED, SUBSCRIBING, SUBSCRIBED, ENDED }

    private final String channel;
    private final int channelIndex;
    private final SwarmCounters counters;
    private final long setupTimeoutMillis;
    private final ChannelSigner signer;
    private final Consumer<Channel> onSubscribed;
    private final BenchPayload.Delivery delivery = new BenchPayload.Delivery();
    private State state = State.CONNECTING;
    private ScheduledFuture<?> setupTimer;
    private String lastError;
    private final SequenceTracker sequence;
    private final int connection;
    private final Resubscription resuming;
    private final Resubscription.Reconnector reconnector;
    private boolean awaitingFirstAfterResume;

    public SubscriberHandler(String channel, int channelIndex, SwarmCounters counters, long setupTimeoutMillis) {
        this(channel, channelIndex, counters, setupTimeoutMillis, null, subscribed -> { });
    }

    /**
     * @param signer signs the subscription of a private channel; null for a public one
     * @param onSubscribed called on the event loop once the subscription succeeded
     */
    public SubscriberHandler(String channel, int channelIndex, SwarmCounters counters, long setupTimeoutMillis,
            ChannelSigner signer, Consumer<Channel> onSubscribed) {
        this(channel, channelIndex, counters, setupTimeoutMillis, signer, onSubscribed, 0, null, null);
    }

    /**
     * @param connection the connection's index in its swarm, handed back to {@code reconnector}
     * @param resuming this connection replaces one a node told to reconnect; null for a first connection
     * @param reconnector where a connection told to reconnect goes; null to count it dropped
     */
    public SubscriberHandler(String channel, int channelIndex, SwarmCounters counters, long setupTimeoutMillis,
            ChannelSigner signer, Consumer<Channel> onSubscribed, int connection, Resubscription resuming,
            Resubscription.Reconnector reconnector) {
        this.connection = connection;
        this.resuming = resuming;
        this.reconnector = reconnector;
        this.sequence = resuming == null ? new SequenceTracker() : resuming.sequence();
        this.channel = channel;
        this.channelIndex = channelIndex;
        this.counters = counters;
        this.setupTimeoutMillis = setupTimeoutMillis;
        this.signer = signer;
        this.onSubscribed = onSubscribed;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        setupTimer = ctx.executor().schedule(() -> {
            String cause = "timeout " + describe(state) + (lastError == null ? "" : " after " + lastError);
            end(cause);
            ctx.close();
        }, setupTimeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** The TCP connect itself failed; the channel never became active. */
    public void connectFailed(Throwable cause) {
        end(FailureCauses.of(cause));
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
            if (state == State.SUBSCRIBED && BenchPayload.read(text.content(), delivery)) {
                if (awaitingFirstAfterResume && delivery.measured) {
                    awaitingFirstAfterResume = false;
                    counters.missedWhileAway(resuming.missedBefore(delivery.seq));
                }
                counters.delivered(delivery, BenchClock.nowMicros(), channelIndex, sequence);
                return;
            }
            onPusherMessage(ctx, text.text());
        } else if (frame instanceof CloseWebSocketFrame close) {
            if (state == State.SUBSCRIBED && reconnector != null && close.statusCode() >= 4200 && close.statusCode() <= 4299) {
                state = State.ENDED;
                counters.toldToReconnect();
                ctx.close();
                reconnector.reconnect(connection, new Resubscription(System.nanoTime(), sequence,
                        sequence.distinct() == 0 ? -1 : sequence.highest(), 1));
                return;
            }
            end("closed by server: " + close.statusCode() + (lastError == null ? "" : " after " + lastError));
            ctx.close();
        }
    }

    private void onPusherMessage(ChannelHandlerContext ctx, String text) throws Exception {
        JsonNode message = JSON.readTree(text);
        switch (message.path("event").asText()) {
            case "pusher:connection_established" -> {
                if (state == State.AWAITING_ESTABLISHED) {
                    state = State.SUBSCRIBING;
                    ctx.writeAndFlush(new TextWebSocketFrame(subscribe(message)));
                }
            }
            case "pusher_internal:subscription_succeeded" -> {
                if (state == State.SUBSCRIBING) {
                    state = State.SUBSCRIBED;
                    setupTimer.cancel(false);
                    if (resuming == null) {
                        counters.subscribed(channelIndex);
                    } else {
                        awaitingFirstAfterResume = true;
                        counters.resubscribed((System.nanoTime() - resuming.sinceNanos()) / 1000);
                    }
                    onSubscribed.accept(ctx.channel());
                }
            }
            case "pusher:ping" -> ctx.writeAndFlush(new TextWebSocketFrame(PONG));
            case "pusher:error" -> {
                String error = "pusher:error " + message.path("data").path("code").asText("null");
                if (state == State.SUBSCRIBED) {
                    counters.rejected(error);
                } else {
                    lastError = error;
                }
            }
            case "pusher:subscription_error" -> {
                end("subscription_error status " + message.path("data").path("status").asText());
                ctx.close();
            }
            default -> { }
        }
    }

    private String subscribe(JsonNode established) throws Exception {
        StringBuilder out = new StringBuilder(192).append("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":");
        JsonText.appendQuoted(out, channel);
        if (signer != null) {
            String socketId = JSON.readTree(established.path("data").asText()).path("socket_id").asText();
            JsonText.appendQuoted(out.append(",\"auth\":"), signer.auth(socketId, channel));
        }
        return out.append("}}").toString();
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
        if (state == State.SUBSCRIBED) {
            counters.dropped(cause);
        } else if (resuming != null) {
            boolean last = resuming.attempt() >= ReconnectBackoff.MAX_ATTEMPTS;
            counters.reconnectFailed(cause, last);
            if (!last) {
                reconnector.reconnect(connection, resuming.next());
            }
        } else {
            counters.failed(cause);
        }
        state = State.ENDED;
        if (setupTimer != null) {
            setupTimer.cancel(false);
        }
    }

    private static String describe(State state) {
        return switch (state) {
            case CONNECTING -> "connecting";
            case AWAITING_ESTABLISHED -> "awaiting connection_established";
            case SUBSCRIBING -> "awaiting subscription_succeeded";
            case SUBSCRIBED, ENDED -> "after setup";
        };
    }
}
