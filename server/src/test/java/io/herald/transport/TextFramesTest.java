package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames encoded once must decode, as any client would, to the same text at every size class. */
class TextFramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 65535, 65536, 200_000})
    void encodesFramesThatAStandardDecoderReads(int length) {
        String text = "é".repeat(length / 2) + "x".repeat(length % 2);
        ByteBuf frame = TextFrames.encode(UnpooledByteBufAllocator.DEFAULT, text);
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20, false));
        client.writeInbound(frame);
        TextWebSocketFrame decoded = client.readInbound();
        assertThat(decoded.isFinalFragment()).isTrue();
        assertThat(decoded.text()).isEqualTo(text);
        decoded.release();
        client.finishAndReleaseAll();
    }
}
