package io.herald.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseFramesTest {

    @Test
    void keepsAShortReason() {
        assertThat(CloseFrames.truncate("Pong reply not received")).isEqualTo("Pong reply not received");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "é", "€", "😀"})
    void cutsALongReasonTo123BytesBetweenCharacters(String character) {
        String reason = "App key " + character.repeat(200) + " does not exist";

        String cut = CloseFrames.truncate(reason);

        byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
        assertThat(bytes.length).isLessThanOrEqualTo(123).isGreaterThan(123 - 4);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(cut);
        assertThat(reason).startsWith(cut);
    }

    @Test
    void buildsFramesThatFitAControlFrame() {
        CloseWebSocketFrame frame = CloseFrames.of(4001, "€".repeat(110));
        assertThat(frame.content().readableBytes()).isLessThanOrEqualTo(125);
        assertThat(frame.statusCode()).isEqualTo(4001);
        frame.release();
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1014, 3000, 4000, 4999})
    void acceptsCodesAPeerMaySend(int code) {
        assertThat(CloseFrames.isSendable(code)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void refusesCodesNoPeerMaySend(int code) {
        assertThat(CloseFrames.isSendable(code)).isFalse();
    }
}
