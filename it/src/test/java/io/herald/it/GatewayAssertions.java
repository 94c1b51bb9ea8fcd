package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import java.util.List;

/** Assertions on frame sequences that several gateway tests share. */
final class GatewayAssertions {

    private GatewayAssertions() {}

    /**
     * The server refused the connection at the handshake: no {@code connection_established}, one
     * {@code pusher:error} with {@code code}, then a close frame with the same code.
     */
    static void assertRefused(RawPusherClient client, int code) {
        assertClosedWithError(client, code);
        assertThat(client.frames()).as("frames of a refused connection").noneMatch(frame -> frame.is("pusher:connection_established"));
    }

    /** The last text frame is a {@code pusher:error} with {@code code}, followed by close {@code code}. */
    static void assertClosedWithError(RawPusherClient client, int code) {
        RawPusherClient.Close close = client.awaitClose();
        List<PusherFrame> frames = client.frames();
        assertThat(frames).as("frames before close %s", close).isNotEmpty();
        PusherFrame last = frames.getLast();
        assertThat(last.event()).as("last frame %s", last).isEqualTo("pusher:error");
        assertThat(last.errorCode()).as(last.text()).isEqualTo(code);
        assertThat(last.dataJson().path("message").textValue()).as(last.text()).isNotBlank();
        assertThat(close.code()).as("close %s after %s", close, last).isEqualTo(code);
    }

    /**
     * A failed subscription: {@code pusher:subscription_error} on the channel with {@code type}
     * and {@code status}, then {@code pusher:error} with a null code; the connection stays open.
     */
    static void assertSubscriptionError(RawPusherClient client, String channel, String type, int status) {
        PusherFrame error = client.awaitEvent("pusher:subscription_error", channel);
        assertThat(error.data().isObject()).as(error.text()).isTrue();
        assertThat(error.data().path("type").textValue()).as(error.text()).isEqualTo(type);
        assertThat(error.data().path("status").intValue()).as(error.text()).isEqualTo(status);
        assertThat(error.data().path("error").textValue()).as(error.text()).isNotBlank();
        PusherFrame generic = client.awaitFrameAfter(error.index() + 1, frame -> frame.is("pusher:error"));
        assertThat(generic.isError(null)).as("pusher:error with code null after %s: %s", error, generic).isTrue();
        assertThat(client.framesMatching(frame -> frame.is("pusher_internal:subscription_succeeded", channel)))
                .as("no subscription_succeeded for %s", channel).isEmpty();
        assertStillOpen(client);
    }

    /** The connection still answers a ping and was not closed. */
    static void assertStillOpen(RawPusherClient client) {
        client.roundTrip();
        assertThat(client.isClosed()).isFalse();
    }

    /** A {@code pusher:error} with {@code code} arrived and the connection stays open. */
    static PusherFrame assertErrorWithoutClose(RawPusherClient client, Integer code) {
        PusherFrame error = client.awaitFrame(frame -> frame.isError(code));
        assertStillOpen(client);
        return error;
    }
}
