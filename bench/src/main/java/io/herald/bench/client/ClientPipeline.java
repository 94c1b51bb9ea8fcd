package io.herald.bench.client;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;

/**
 * The pipeline of every bench client connection: HTTP codec, WebSocket upgrade to {@code url}
 * within the setup timeout, then the Pusher handler. Close frames reach the handler, so it can
 * count the server's close code; pongs are dropped.
 */
public final class ClientPipeline {

    private static final int MAX_FRAME = 1 << 20;

    private ClientPipeline() {}

    public static ChannelInitializer<SocketChannel> initializer(URI url, long setupTimeoutMillis, ChannelHandler handler) {
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(url)
                .version(WebSocketVersion.V13)
                .handshakeTimeoutMillis(setupTimeoutMillis)
                .maxFramePayloadLength(MAX_FRAME)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .absoluteUpgradeUrl(false)
                .build();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_FRAME),
                        new WebSocketClientProtocolHandler(config), handler);
            }
        };
    }
}
