package io.herald.it;

import static io.herald.it.GatewayAssertions.assertStillOpen;
import static io.herald.it.GatewayAssertions.assertSubscriptionError;
import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import io.herald.auth.Signatures;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Subscribing to public, private and encrypted channels, and events published through the API. */
class GatewaySubscriptionIT extends NodePerTest {

    private static final String FORGED_AUTH = TestNode.APP_KEY + ":" + "0".repeat(64);

    @BeforeEach
    void startNode() {
        start();
    }

    @Test
    void deliversApiEventsOnAPublicChannelToThePusherJavaClient() {
        try (JavaClient client = JavaClient.connect(node)) {
            ChannelRecorder news = client.subscribe("news");
            news.awaitSubscribed();

            api.trigger("news", "breaking", Map.of("title", "hi"));

            PusherEvent event = news.awaitEvent("breaking");
            assertThat(event.getChannelName()).isEqualTo("news");
            assertThat(event.getData()).isEqualTo("{\"title\":\"hi\"}");
            assertThat(event.getUserId()).isNull();
        }
    }

    @Test
    void sendsSubscriptionSucceededAndEventsInPushersExactShape() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("news");
            PusherFrame succeeded = client.awaitSubscribed("news");
            assertThat(succeeded.json())
                    .isEqualTo(PusherFrame.parseJson("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\",\"data\":\"{}\"}"));

            api.trigger("news", "breaking", Map.of("title", "hi"));

            PusherFrame event = client.awaitEvent("breaking", "news");
            assertThat(event.json())
                    .isEqualTo(PusherFrame.parseJson("{\"event\":\"breaking\",\"channel\":\"news\",\"data\":\"{\\\"title\\\":\\\"hi\\\"}\"}"));
        }
    }

    @Test
    void deliversToPrivateChannelsAuthorizedByTheServerSdk() {
        try (JavaClient client = JavaClient.connect(node, LocalAuth.authorizer(api))) {
            ChannelRecorder orders = client.subscribePrivate("private-orders");
            orders.awaitSubscribed();

            api.trigger("private-orders", "created", Map.of("id", 7));

            assertThat(orders.awaitEvent("created").getData()).isEqualTo("{\"id\":7}");
        }
    }

    @Test
    void relaysEncryptedEventsThatOnlyTheClientCanDecrypt() {
        try (JavaClient client = JavaClient.connect(node, LocalAuth.authorizer(api));
                RawPusherClient observer = RawPusherClient.connect(node)) {
            ChannelRecorder vault = client.subscribeEncrypted("private-encrypted-vault");
            observer.subscribePrivate("private-encrypted-vault");
            vault.awaitSubscribed();
            observer.awaitSubscribed("private-encrypted-vault");

            api.trigger("private-encrypted-vault", "opened", Map.of("code", "42"));

            assertThat(vault.awaitEvent("opened").getData()).isEqualTo("{\"code\":\"42\"}");
            assertThat(vault.decryptionFailures()).isEmpty();
            PusherFrame relayed = observer.awaitEvent("opened", "private-encrypted-vault");
            assertThat(relayed.dataJson().fieldNames()).toIterable().containsExactlyInAnyOrder("nonce", "ciphertext");
        }
    }

    @Test
    void excludesTheSocketIdGivenOnPublish() {
        try (RawPusherClient sender = RawPusherClient.connect(node); RawPusherClient other = RawPusherClient.connect(node)) {
            sender.subscribe("news");
            other.subscribe("news");
            sender.awaitSubscribed("news");
            other.awaitSubscribed("news");

            api.trigger("news", "edited", Map.of("v", 2), sender.socketId());

            other.awaitEvent("edited", "news");
            sender.roundTrip();
            assertThat(sender.framesMatching(frame -> frame.is("edited"))).isEmpty();
        }
    }

    @Test
    void rejectsPrivateSubscribeWithBadSignature() {
        try (RawPusherClient client = RawPusherClient.connect(node); RawPusherClient member = RawPusherClient.connect(node)) {
            client.subscribe("private-orders", FORGED_AUTH);

            assertSubscriptionError(client, "private-orders", "AuthError", 401);
            member.subscribePrivate("private-orders");
            member.awaitSubscribed("private-orders");
            api.trigger("private-orders", "created", Map.of("id", 1));
            member.awaitEvent("created");
            client.roundTrip();
            assertThat(client.framesMatching(frame -> frame.is("created"))).as("not subscribed").isEmpty();
        }
    }

    @Test
    void rejectsPrivateSubscribeWithoutAuth() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("private-orders");

            assertSubscriptionError(client, "private-orders", "AuthError", 401);
        }
    }

    @Test
    void rejectsASignatureMadeForAnotherSocket() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("private-orders", Signatures.channelAuth(TestNode.APP_KEY, TestNode.APP_SECRET, "1.1", "private-orders"));

            assertSubscriptionError(client, "private-orders", "AuthError", 401);
        }
    }

    @Test
    void rejectsAValidSignatureUnderAnotherKey() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            String signature = Signatures.channelAuth(TestNode.APP_KEY, TestNode.APP_SECRET, client.socketId(), "private-orders");
            client.subscribe("private-orders", "other-key" + signature.substring(signature.indexOf(':')));

            assertSubscriptionError(client, "private-orders", "AuthError", 401);
        }
    }

    @Test
    void rejectsEncryptedSubscribeWithBadSignature() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("private-encrypted-vault", FORGED_AUTH);

            assertSubscriptionError(client, "private-encrypted-vault", "AuthError", 401);
        }
    }

    @Test
    void reportsBadSignaturesToThePusherJavaClientWithoutDisconnecting() {
        try (JavaClient client = JavaClient.connect(node, LocalAuth.forging())) {
            ChannelRecorder orders = client.subscribePrivate("private-orders");

            PusherEvent error = orders.awaitEvent("pusher:subscription_error");
            assertThat(PusherFrame.parseJson(error.getData()).path("status").intValue()).isEqualTo(401);
            assertThat(orders.subscribed()).isFalse();
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"bad channel", "news*", "caf\u00e9", "#secret", ""})
    void rejectsInvalidChannelNames(String channel) {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe(channel);

            assertSubscriptionError(client, channel, "BadRequest", 400);
        }
    }

    @Test
    void rejectsChannelNamesLongerThanTheLimit() {
        String tooLong = "c".repeat(201);
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("c".repeat(200));
            client.awaitSubscribed("c".repeat(200));
            client.subscribe(tooLong);

            assertSubscriptionError(client, tooLong, "BadRequest", 400);
        }
    }

    @Test
    void acceptsEveryCharacterPusherAllowsInChannelNames() {
        String channel = "App.Models.User-1_a=b@c,d;e";
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe(channel);

            client.awaitSubscribed(channel);
        }
    }

    @Test
    void treatsResubscribingAsIdempotent() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("news");
            client.subscribe("news");
            client.awaitFrames(frame -> frame.is("pusher_internal:subscription_succeeded", "news"), 2);

            api.trigger("news", "breaking", Map.of("n", 1));
            client.awaitEvent("breaking", "news");
            client.roundTrip();

            assertThat(client.framesMatching(frame -> frame.is("breaking"))).hasSize(1);
        }
    }

    @Test
    void stopsDeliveryAfterUnsubscribeWithoutReplying() {
        try (RawPusherClient leaver = RawPusherClient.connect(node); RawPusherClient stayer = RawPusherClient.connect(node)) {
            leaver.subscribe("news");
            stayer.subscribe("news");
            leaver.awaitSubscribed("news");
            stayer.awaitSubscribed("news");

            int mark = leaver.mark();
            leaver.unsubscribe("news");
            leaver.roundTrip();
            assertThat(leaver.framesAfter(mark)).extracting(PusherFrame::event).containsExactly("pusher:pong");

            api.trigger("news", "breaking", Map.of("n", 1));
            stayer.awaitEvent("breaking", "news");
            leaver.roundTrip();
            assertThat(leaver.framesMatching(frame -> frame.is("breaking"))).isEmpty();
        }
    }

    @Test
    void ignoresUnsubscribeFromAChannelNeverSubscribed() {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.socketId();
            int mark = client.mark();
            client.unsubscribe("never");

            assertStillOpen(client);
            assertThat(client.framesAfter(mark)).extracting(PusherFrame::event).containsExactly("pusher:pong");
        }
    }
}
