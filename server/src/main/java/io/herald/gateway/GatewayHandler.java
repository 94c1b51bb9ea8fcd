package io.herald.gateway;

import io.herald.connection.Connection;
import io.herald.protocol.CloseCode;
import io.herald.protocol.PusherMessages;
import io.herald.transport.TextFrames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns WebSocket frames of one socket into {@link Gateway} calls; one instance per socket. */
final class GatewayHandler extends SimpleChannelInboundHandler<WebSocketFrame> {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

    private final Gateway gateway;
    private Connection connection;

    GatewayHandler(Gateway gateway) {
        this.gateway = gateway;
    }

    void opened(Connection connection) {
        this.connection = connection;
    }

    /** A refused connection: the Pusher error, then a close frame with the same code. */
    static void refuse(Channel channel, int code, String message) {
        channel.writeAndFlush(TextFrames.encode(channel.alloc(), PusherMessages.error(code, message)));
        channel.writeAndFlush(new CloseWebSocketFrame(code, message.length() > 120 ? message.substring(0, 120) : message));
        channel.eventLoop().schedule(() -> channel.close(), 1, TimeUnit.SECONDS);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
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
                ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
            }
            case CloseWebSocketFrame close -> {
                if (!connection.isClosing()) {
                    ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode() < 0 ? CloseCode.NORMAL : close.statusCode(), ""));
                }
                connection.closeReceived(close.statusCode() < 0 ? CloseCode.NORMAL : close.statusCode());
            }
            case PongWebSocketFrame pong -> gateway.onActivity(connection);
            case BinaryWebSocketFrame binary -> gateway.onActivity(connection);
            default -> { }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            gateway.onClosed(connection);
            connection = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongFrameException || cause instanceof CorruptedWebSocketFrameException) {
            int code = cause instanceof TooLongFrameException ? CloseCode.MESSAGE_TOO_BIG : 1002;
            if (connection != null) {
                connection.abort(code);
            }
            ctx.writeAndFlush(new CloseWebSocketFrame(code, "Message too big or malformed")).addListener(f -> ctx.close());
            return;
        }
        LOG.debug("Closing connection {} after an error", connection == null ? ctx.channel() : connection.socketId(), cause);
        ctx.close();
    }
}
