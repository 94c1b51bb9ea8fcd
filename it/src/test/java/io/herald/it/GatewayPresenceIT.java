package io.herald.it;

import static io.herald.it.GatewayAssertions.assertSubscriptionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.pusher.client.channel.User;
import io.herald.auth.Signatures;
import io.herald.json.JsonText;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Presence channels: rosters, member_added/member_removed per user, limits and bad channel_data. */
class GatewayPresenceIT extends NodePerTest {

    private static final String ROOM = "presence-room";
    private static final String ANN = "{\"user_id\":\"1\",\"user_info\":{\"name\":\"Ann\"}}";
    private static final String BOB = "{\"user_id\":\"2\"}";

    @Test
    void sendsTheRosterIncludingTheJoinerAndAnnouncesNewMembers() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node); RawPusherClient bob = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            assertThat(presence(ann.awaitSubscribed(ROOM)))
                    .isEqualTo(PusherFrame.parseJson("{\"ids\":[\"1\"],\"hash\":{\"1\":{\"name\":\"Ann\"}},\"count\":1}"));

            bob.subscribePresence(ROOM, BOB);
            JsonNode roster = presence(bob.awaitSubscribed(ROOM));
            assertThat(roster.path("ids")).extracting(JsonNode::textValue).containsExactlyInAnyOrder("1", "2");
            assertThat(roster.path("hash")).isEqualTo(PusherFrame.parseJson("{\"1\":{\"name\":\"Ann\"},\"2\":null}"));
            assertThat(roster.path("count").intValue()).isEqualTo(2);

            PusherFrame added = ann.awaitEvent("pusher_internal:member_added", ROOM);
            assertThat(added.data().isTextual()).as(added.text()).isTrue();
            assertThat(added.dataJson()).isEqualTo(PusherFrame.parseJson("{\"user_id\":\"2\",\"user_info\":null}"));
            bob.roundTrip();
            assertThat(bob.framesMatching(frame -> frame.is("pusher_internal:member_added"))).as("no member_added for oneself").isEmpty();
        }
    }

    @Test
    void announcesAUserOnceAcrossTheirConnections() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node);
                RawPusherClient bobOnPhone = RawPusherClient.connect(node);
                RawPusherClient bobOnLaptop = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            ann.awaitSubscribed(ROOM);
            bobOnPhone.subscribePresence(ROOM, BOB);
            bobOnPhone.awaitSubscribed(ROOM);
            bobOnLaptop.subscribePresence(ROOM, BOB);

            JsonNode roster = presence(bobOnLaptop.awaitSubscribed(ROOM));
            assertThat(roster.path("count").intValue()).isEqualTo(2);
            assertThat(roster.path("ids")).hasSize(2);
            ann.roundTrip();
            assertThat(ann.framesMatching(frame -> frame.is("pusher_internal:member_added"))).hasSize(1);

            bobOnPhone.unsubscribe(ROOM);
            bobOnPhone.roundTrip();
            ann.roundTrip();
            assertThat(ann.framesMatching(frame -> frame.is("pusher_internal:member_removed"))).as("Bob is still on his laptop").isEmpty();

            bobOnLaptop.close();
            PusherFrame removed = ann.awaitEvent("pusher_internal:member_removed", ROOM);
            assertThat(removed.json()).isEqualTo(PusherFrame.parseJson(
                    "{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-room\",\"data\":\"{\\\"user_id\\\":\\\"2\\\"}\"}"));
            ann.roundTrip();
            assertThat(ann.framesMatching(frame -> frame.is("pusher_internal:member_removed"))).hasSize(1);
        }
    }

    @Test
    void removesAMemberWhoseLastConnectionUnsubscribes() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node); RawPusherClient bob = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            bob.subscribePresence(ROOM, BOB);
            ann.awaitSubscribed(ROOM);
            bob.awaitSubscribed(ROOM);

            bob.unsubscribe(ROOM);

            assertThat(ann.awaitEvent("pusher_internal:member_removed", ROOM).dataJson())
                    .isEqualTo(PusherFrame.parseJson("{\"user_id\":\"2\"}"));
        }
    }

    @Test
    void keepsThePusherJavaClientsMemberListUpToDate() {
        start();
        try (JavaClient ann = JavaClient.connect(node, LocalAuth.authorizer(api, "1", Map.of("name", "Ann")))) {
            ChannelRecorder annRoom = ann.subscribePresence(ROOM);
            assertThat(annRoom.awaitRoster()).extracting(User::getId).containsExactly("1");

            try (JavaClient bob = JavaClient.connect(node, LocalAuth.authorizer(api, "2", null))) {
                ChannelRecorder bobRoom = bob.subscribePresence(ROOM);
                assertThat(bobRoom.awaitRoster()).extracting(User::getId).containsExactlyInAnyOrder("1", "2");
                assertThat(bobRoom.awaitRoster()).filteredOn(user -> user.getId().equals("1"))
                        .extracting(User::getInfo).containsExactly("{\"name\":\"Ann\"}");
                assertThat(bob.pusher().getPresenceChannel(ROOM).getMe().getId()).isEqualTo("2");
                await().atMost(RawPusherClient.TIMEOUT).until(() -> annRoom.added().size() == 1);
                assertThat(annRoom.added().getFirst().getId()).isEqualTo("2");
            }
            await().atMost(RawPusherClient.TIMEOUT).until(() -> annRoom.removed().size() == 1);
            assertThat(annRoom.removed().getFirst().getId()).isEqualTo("2");
        }
    }

    @Test
    void deliversApiEventsToPresenceMembers() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            ann.awaitSubscribed(ROOM);

            api.trigger(ROOM, "announcement", Map.of("text", "hello"));

            PusherFrame event = ann.awaitEvent("announcement", ROOM);
            assertThat(event.data().textValue()).isEqualTo("{\"text\":\"hello\"}");
            assertThat(event.hasField("user_id")).as("API events carry no user_id").isFalse();
        }
    }

    @Test
    void normalisesNumericUserIdsToStrings() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribePresence(ROOM, "{\"user_id\":42}");

            assertThat(presence(client.awaitSubscribed(ROOM)))
                    .isEqualTo(PusherFrame.parseJson("{\"ids\":[\"42\"],\"hash\":{\"42\":null},\"count\":1}"));
        }
    }

    @Test
    void announcesNothingNewWhenAMemberResubscribes() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node); RawPusherClient bob = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            ann.awaitSubscribed(ROOM);
            bob.subscribePresence(ROOM, BOB);
            bob.subscribePresence(ROOM, BOB);

            bob.awaitFrames(frame -> frame.is("pusher_internal:subscription_succeeded", ROOM), 2);
            ann.roundTrip();
            assertThat(ann.framesMatching(frame -> frame.is("pusher_internal:member_added"))).hasSize(1);
        }
    }

    @Test
    void refusesNewUsersWhenTheChannelIsFull() {
        start(Apps.demoApp("max-presence-members: 2"));
        try (RawPusherClient ann = RawPusherClient.connect(node);
                RawPusherClient bob = RawPusherClient.connect(node);
                RawPusherClient carol = RawPusherClient.connect(node);
                RawPusherClient annAgain = RawPusherClient.connect(node)) {
            ann.subscribePresence(ROOM, ANN);
            bob.subscribePresence(ROOM, BOB);
            ann.awaitSubscribed(ROOM);
            bob.awaitSubscribed(ROOM);

            carol.subscribePresence(ROOM, "{\"user_id\":\"3\"}");
            assertSubscriptionError(carol, ROOM, "LimitReached", 4100);

            annAgain.subscribePresence(ROOM, ANN);
            assertThat(presence(annAgain.awaitSubscribed(ROOM)).path("count").intValue()).as("a present user still fits").isEqualTo(2);
        }
    }

    @Test
    void rejectsMemberInfoLargerThanTheLimit() {
        start();
        assertPresenceRefused("{\"user_id\":\"1\",\"user_info\":{\"bio\":\"" + "x".repeat(3000) + "\"}}", "LimitReached", 4301);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"not json", "{\"user_info\":{}}", "{\"user_id\":\"\"}", "[\"1\"]"})
    void rejectsBadChannelData(String channelData) {
        start();
        assertPresenceRefused(channelData, "BadRequest", 400);
    }

    @Test
    void rejectsUserIdsLongerThanTheLimit() {
        start();
        assertPresenceRefused("{\"user_id\":\"" + "u".repeat(129) + "\"}", "BadRequest", 400);
    }

    @Test
    void rejectsPresenceSubscribeWithoutAuth() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.sendEvent("pusher:subscribe", "{\"channel\":\"presence-room\",\"channel_data\":" + JsonText.quote(ANN) + "}");

            assertSubscriptionError(client, ROOM, "AuthError", 401);
        }
    }

    @Test
    void rejectsChannelDataChangedAfterSigning() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            String signed = Signatures.presenceAuth(TestNode.APP_KEY, TestNode.APP_SECRET, client.socketId(), ROOM, BOB);
            client.subscribe(ROOM, signed, "{\"user_id\":\"admin\"}");

            assertSubscriptionError(client, ROOM, "AuthError", 401);
        }
    }

    /** Subscribing with {@code channelData} (correctly signed) fails with {@code type} and {@code status}. */
    private void assertPresenceRefused(String channelData, String type, int status) {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribePresence(ROOM, channelData);

            assertSubscriptionError(client, ROOM, type, status);
        }
    }

    private static JsonNode presence(PusherFrame succeeded) {
        assertThat(succeeded.data().isTextual()).as("data is a JSON string: %s", succeeded.text()).isTrue();
        return succeeded.dataJson().path("presence");
    }
}
