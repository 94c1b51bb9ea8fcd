package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.auth.Signatures;
import io.herald.protocol.CloseCode;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import org.junit.jupiter.api.Test;

/** Cases beyond the common paths: presence through the signed-in identity, presence-cache, freed quota. */
class GatewayEdgeCasesIT extends NodePerTest {

    @Test
    void aSignedInConnectionJoinsPresenceWithoutChannelData() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node); RawPusherClient bob = RawPusherClient.connect(node)) {
            ann.signin("{\"id\":\"ann\",\"user_info\":{\"name\":\"Ann\"}}");
            ann.awaitEvent("pusher:signin_success");
            bob.subscribePresence("presence-desk", "{\"user_id\":\"bob\"}");
            bob.awaitSubscribed("presence-desk");

            ann.subscribe("presence-desk", Signatures.channelAuth(TestNode.APP_KEY, TestNode.APP_SECRET, ann.socketId(), "presence-desk"));
            PusherFrame succeeded = ann.awaitSubscribed("presence-desk");
            assertThat(succeeded.dataJson().at("/presence/hash/ann/name").asText()).isEqualTo("Ann");
            assertThat(succeeded.dataJson().at("/presence/count").asInt()).isEqualTo(2);
            PusherFrame added = bob.awaitEvent("pusher_internal:member_added", "presence-desk");
            assertThat(added.dataJson().path("user_id").asText()).isEqualTo("ann");
        }
    }

    @Test
    void presenceWithoutChannelDataNeedsASignedInConnection() {
        start();
        try (RawPusherClient ann = RawPusherClient.connect(node)) {
            ann.subscribe("presence-desk", Signatures.channelAuth(TestNode.APP_KEY, TestNode.APP_SECRET, ann.socketId(), "presence-desk"));
            PusherFrame error = ann.awaitEvent("pusher:subscription_error", "presence-desk");
            assertThat(error.data().path("status").asInt()).isEqualTo(400);
            ann.roundTrip();
            assertThat(ann.isClosed()).isFalse();
        }
    }

    @Test
    void presenceCacheChannelsReplayTheLastEventToNewMembers() {
        start();
        try (RawPusherClient first = RawPusherClient.connect(node)) {
            first.subscribePresence("presence-cache-game", "{\"user_id\":\"1\"}");
            first.awaitSubscribed("presence-cache-game");
            first.awaitEvent("pusher:cache_miss", "presence-cache-game");
            api.trigger("presence-cache-game", "score", java.util.Map.of("points", 3));
            first.awaitEvent("score", "presence-cache-game");
        }
        try (RawPusherClient late = RawPusherClient.connect(node)) {
            late.subscribePresence("presence-cache-game", "{\"user_id\":\"2\"}");
            late.awaitSubscribed("presence-cache-game");
            PusherFrame replayed = late.awaitEvent("score", "presence-cache-game");
            assertThat(replayed.dataJson().path("points").asInt()).isEqualTo(3);
            assertThat(late.framesMatching(frame -> frame.is("pusher:cache_miss"))).isEmpty();
        }
    }

    @Test
    void aClosedConnectionFreesItsPlaceInTheAppQuota() {
        start("apps=[{id: app-id, key: app-key, secret: app-secret, max-connections: 1}]");
        try (RawPusherClient first = RawPusherClient.connect(node)) {
            first.socketId();
            try (RawPusherClient refused = RawPusherClient.connect(node)) {
                assertThat(refused.awaitClose().code()).isEqualTo(CloseCode.APP_OVER_CONNECTION_QUOTA);
            }
        }
        org.awaitility.Awaitility.await().atMost(RawPusherClient.TIMEOUT).until(() -> node.node().connections() == 0);
        try (RawPusherClient next = RawPusherClient.connect(node)) {
            assertThat(next.socketId()).matches("\\d+\\.\\d+");
        }
    }

    @Test
    void aConnectionSubscribesToAtMostItsChannelLimit() {
        start("apps=[{id: app-id, key: app-key, secret: app-secret, max-channels-per-connection: 3}]");
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            for (int i = 0; i < 3; i++) {
                client.subscribe("room-" + i);
                client.awaitSubscribed("room-" + i);
            }
            client.subscribe("room-3");
            PusherFrame error = client.awaitEvent("pusher:subscription_error", "room-3");
            assertThat(error.data().path("type").asText()).isEqualTo("LimitReached");
            assertThat(error.data().path("status").asInt()).isEqualTo(4100);
            client.unsubscribe("room-0");
            client.subscribe("room-3");
            client.awaitSubscribed("room-3");
        }
    }
}
