package io.herald.it;

import static io.herald.it.GatewayAssertions.assertErrorWithoutClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import io.herald.json.JsonText;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import org.junit.jupiter.api.Test;

/** client- events: relayed to the other subscribers as sent, and every reason to reject one. */
class GatewayClientEventsIT extends NodePerTest {

    private static final String CHAT = "private-chat";

    @Test
    void relaysObjectDataToOtherSubscribersButNotTheSender() {
        start();
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            sender.trigger(CHAT, "client-typing", "{\"who\":\"ann\"}");

            PusherFrame event = receiver.awaitEvent("client-typing", CHAT);
            assertThat(event.json()).isEqualTo(PusherFrame.parseJson("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"who\":\"ann\"}}"));
            sender.roundTrip();
            assertThat(sender.framesMatching(frame -> frame.is("client-typing"))).as("never echoed to the sender").isEmpty();
        }
    }

    @Test
    void relaysStringDataAsAString() {
        start();
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            sender.trigger(CHAT, "client-typing", JsonText.quote("{\"who\":\"ann\"}"));

            PusherFrame event = receiver.awaitEvent("client-typing", CHAT);
            assertThat(event.data().isTextual()).as(event.text()).isTrue();
            assertThat(event.data().textValue()).isEqualTo("{\"who\":\"ann\"}");
        }
    }

    @Test
    void carriesClientEventsBetweenPusherJavaClients() {
        start();
        try (JavaClient ann = JavaClient.connect(node, LocalAuth.authorizer(api, "1", null));
                JavaClient bob = JavaClient.connect(node, LocalAuth.authorizer(api, "2", null))) {
            ChannelRecorder annChat = ann.subscribePrivate(CHAT);
            ChannelRecorder bobChat = bob.subscribePrivate(CHAT);
            ChannelRecorder annRoom = ann.subscribePresence("presence-room");
            ChannelRecorder bobRoom = bob.subscribePresence("presence-room");
            annChat.awaitSubscribed();
            bobChat.awaitSubscribed();
            annRoom.awaitSubscribed();
            bobRoom.awaitSubscribed();

            ann.trigger(CHAT, "client-hello", "{\"a\":1}");
            ann.trigger("presence-room", "client-wave", "{\"b\":2}");

            PusherEvent hello = bobChat.awaitEvent("client-hello");
            assertThat(hello.getData()).isEqualTo("{\"a\":1}");
            assertThat(hello.getUserId()).isNull();
            PusherEvent wave = bobRoom.awaitEvent("client-wave");
            assertThat(wave.getData()).isEqualTo("{\"b\":2}");
            assertThat(wave.getUserId()).isEqualTo("1");
            assertThat(annChat.events("client-hello")).isEmpty();
        }
    }

    @Test
    void addsTheSendersUserIdOnPresenceChannels() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node); RawPusherClient bob = RawPusherClient.connect(node)) {
            ann.subscribePresence("presence-room", "{\"user_id\":\"1\"}");
            bob.subscribePresence("presence-room", "{\"user_id\":\"2\"}");
            ann.awaitSubscribed("presence-room");
            bob.awaitSubscribed("presence-room");

            ann.trigger("presence-room", "client-wave", "{\"user_id\":\"spoofed\"}");

            PusherFrame wave = bob.awaitEvent("client-wave", "presence-room");
            assertThat(wave.userId()).isEqualTo("1");
            assertThat(wave.data()).isEqualTo(PusherFrame.parseJson("{\"user_id\":\"spoofed\"}"));
        }
    }

    @Test
    void rejectsClientEventsOnPublicChannels() {
        start();
        try (RawPusherClient sender = joined("news"); RawPusherClient receiver = joined("news")) {
            assertRejected(sender, receiver, "news", "client-typing", "{}");
        }
    }

    @Test
    void rejectsClientEventsWhenTheAppDisablesThem() {
        start(Apps.demoApp("client-events: false"));
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            assertRejected(sender, receiver, CHAT, "client-typing", "{}");
        }
    }

    @Test
    void rejectsClientEventsFromANonSubscriber() {
        start();
        try (RawPusherClient outsider = RawPusherClient.connect(node); RawPusherClient receiver = joined(CHAT)) {
            assertRejected(outsider, receiver, CHAT, "client-typing", "{}");
        }
    }

    @Test
    void rejectsClientEventsWithDataLargerThanTheEventLimit() {
        start();
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            assertRejected(sender, receiver, CHAT, "client-big", JsonText.quote("x".repeat(10_241)));
        }
    }

    @Test
    void rejectsClientEventNamesLongerThanTheLimit() {
        start();
        String name = "client-" + "x".repeat(194);
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            assertRejected(sender, receiver, CHAT, name, "{}");
        }
    }

    @Test
    void rejectsClientEventsOverTheRateLimit() {
        start();
        int sent = 25;
        try (RawPusherClient sender = joined(CHAT); RawPusherClient receiver = joined(CHAT)) {
            for (int i = 0; i < sent; i++) {
                sender.trigger(CHAT, "client-tick", "{\"n\":" + i + "}");
            }
            sender.roundTrip();

            int rejected = sender.framesMatching(frame -> frame.isError(4301)).size();
            assertThat(rejected).as("over 10 per second").isGreaterThanOrEqualTo(sent - 20);
            await().atMost(RawPusherClient.TIMEOUT)
                    .until(() -> receiver.framesMatching(frame -> frame.is("client-tick")).size() == sent - rejected);
            assertThat(sender.isClosed()).isFalse();
        }
    }

    @Test
    void relaysClientEventsOnEncryptedChannelsByDefault() {
        start();
        try (RawPusherClient sender = joined("private-encrypted-vault"); RawPusherClient receiver = joined("private-encrypted-vault")) {
            sender.trigger("private-encrypted-vault", "client-sealed", "{\"nonce\":\"n\",\"ciphertext\":\"c\"}");

            receiver.awaitEvent("client-sealed", "private-encrypted-vault");
        }
    }

    @Test
    void rejectsClientEventsOnEncryptedChannelsWhenTheAppSaysSo() {
        start(Apps.demoApp("encrypted-client-events: false"));
        try (RawPusherClient sender = joined("private-encrypted-vault"); RawPusherClient receiver = joined("private-encrypted-vault")) {
            assertRejected(sender, receiver, "private-encrypted-vault", "client-sealed", "{}");
        }
    }

    /** A connection subscribed to {@code channel} (signed when private). */
    private RawPusherClient joined(String channel) {
        RawPusherClient client = RawPusherClient.connect(node);
        if (channel.startsWith("private-")) {
            client.subscribePrivate(channel);
        } else {
            client.subscribe(channel);
        }
        client.awaitSubscribed(channel);
        return client;
    }

    /** {@code sender}'s client event gets {@code pusher:error} 4301 (no close) and never reaches {@code receiver}. */
    private static void assertRejected(RawPusherClient sender, RawPusherClient receiver, String channel, String event, String dataJson) {
        sender.trigger(channel, event, dataJson);

        assertErrorWithoutClose(sender, 4301);
        receiver.roundTrip();
        assertThat(receiver.framesMatching(frame -> frame.is(event))).isEmpty();
    }
}
