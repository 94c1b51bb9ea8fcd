package io.herald.gateway;

import io.herald.connection.Connection;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.transport.CloseFrames;
import io.herald.transport.TextFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns WebSocket frames of one socket into {@link Gateway} calls; one instance per socket.
 *
 * <p>Pings are answered once per read: only the latest ping of what one read brought in gets its
 * pong, when the read is done (RFC 6455 section 5.5.3 allows it). A client that sends pings
 * without reading therefore gets a few pongs rather than one small TCP segment for each of its
 * pings, and the pongs count against the same outbound bound as every other reply.
 *
 * <p>Most clients never fragment a message, so a connection starts without Netty's frame
 * aggregator and UTF-8 validator (two handlers and their pipeline contexts, about 200 bytes of
 * every idle connection): its unfragmented text is checked for UTF-8 here, and the first fragment
 * it sends puts both in front of this handler for the rest of its life.
 */
final class GatewayHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;

    static final String UTF8_VALIDATOR = "ws-utf8";
    static final String AGGREGATOR = "ws-aggregator";

    private final Gateway gateway;
    private final int maxMessageSize;
    private boolean assemblingFragments;
    private Connection connection;
    /** The payload of the latest ping of the current read, answered when the read completes. */
    private ByteBuf pendingPing;

    GatewayHandler(Gateway gateway, int maxMessageSize) {
        this.gateway = gateway;
        this.maxMessageSize = maxMessageSize;
    }

    void opened(Connection connection) {
        this.connection = connection;
    }

    /** A refused connection: the Pusher error, then a close frame with the same code. */
    static void refuse(Channel channel, int code, String message) {
        channel.writeAndFlush(TextFrames.encode(channel.alloc(), PusherMessages.error(code, message)));
        channel.writeAndFlush(CloseFrames.of(code, message));
        channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (!assemblingFragments && msg instanceof WebSocketFrame frame && !frame.isFinalFragment()) {
            assembleFragmentsFromNowOn(ctx, frame);
            return;
        }
        super.channelRead(ctx, msg);
    }

    /**
     * The connection's first fragment: Netty's UTF-8 validator (across fragments) and aggregator
     * join the pipeline in front of this handler and take the fragment, whose message reaches
     * {@link #channelRead0} whole. A violation they find comes to {@link #exceptionCaught}.
     */
    private void assembleFragmentsFromNowOn(ChannelHandlerContext ctx, WebSocketFrame first) throws Exception {
        assemblingFragments = true;
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addBefore(ctx.name(), UTF8_VALIDATOR, new Utf8FrameValidator(false));
        pipeline.addBefore(ctx.name(), AGGREGATOR, new WebSocketFrameAggregator(maxMessageSize));
        ChannelHandlerContext validator = pipeline.context(UTF8_VALIDATOR);
        ((ChannelInboundHandler) validator.handler()).channelRead(validator, first);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (!assemblingFragments && frame instanceof TextWebSocketFrame && !ByteBufUtil.isText(frame.content(), StandardCharsets.UTF_8)) {
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "text that is not UTF-8");
        }
        if (connection == null) {
            if (frame instanceof CloseWebSocketFrame) {
                ctx.close();
            }
            return;
        }
        switch (frame) {
            case TextWebSocketFrame text -> gateway.onText(connection, text.text(), text.content().readableBytes());
            case PingWebSocketFrame ping -> {
                gateway.onActivity(connection);
                if (pendingPing != null) {
                    pendingPing.release();
                }
                pendingPing = ping.content().retain();
            }
            case CloseWebSocketFrame close -> closeReceived(ctx, close);
            case PongWebSocketFrame pong -> gateway.onActivity(connection);
            case BinaryWebSocketFrame binary -> gateway.onActivity(connection);
            default -> { }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (pendingPing != null) {
            ByteBuf payload = pendingPing;
            pendingPing = null;
            if (connection != null) {
                connection.sendControl(new PongWebSocketFrame(payload));
            } else {
                payload.release();
            }
        }
        super.channelReadComplete(ctx);
    }

    /**
     * The client closes: its code is echoed and recorded when a peer may send it; a code no peer
     * may send (1004-1006, 1015, below 1000, 1016-2999, 5000 and up) is a protocol error, 1002.
     */
    private void closeReceived(ChannelHandlerContext ctx, CloseWebSocketFrame close) {
        int code = close.statusCode();
        if (code >= 0 && !CloseFrames.isSendable(code)) {
            connection.protocolError(PROTOCOL_ERROR, "Invalid close code " + code);
            return;
        }
        int recorded = code < 0 ? CloseCode.NORMAL : code;
        if (!connection.isClosing()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(recorded, ""));
        }
        connection.closeReceived(recorded);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releasePendingPing();
        if (connection != null) {
            gateway.onClosed(connection);
            connection = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePendingPing();
    }

    private void releasePendingPing() {
        if (pendingPing != null) {
            pendingPing.release();
            pendingPing = null;
        }
    }

    /**
     * A frame that breaks RFC 6455 closes the connection with the code the RFC gives it, the
     * close frame first: 1009 for a message over the size limit (whole or in fragments), 1007
     * for text that is not UTF-8, 1002 for anything else malformed.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        int code = cause instanceof TooLongFrameException ? CloseCode.MESSAGE_TOO_BIG
                : cause instanceof CorruptedWebSocketFrameException corrupted ? corrupted.closeStatus().code() : 0;
        if (code == 0) {
            LOG.debug("Closing connection {} after an error", connection == null ? ctx.channel() : connection.socketId(), cause);
            ctx.close();
            return;
        }
        String reason = switch (code) {
            case CloseCode.MESSAGE_TOO_BIG -> "Message too big: it is larger than the server accepts";
            case INVALID_PAYLOAD -> "Invalid payload: a text message or close reason that is not UTF-8";
            default -> "Malformed WebSocket frame";
        };
        if (connection != null) {
            connection.protocolError(code, reason);
        } else {
            Connection.closeAfter(ctx.channel(), CloseFrames.of(code, reason));
        }
    }
}
