package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import org.junit.jupiter.api.Test;

/** pusher_internal:subscription_count for apps that turn it on. */
class GatewaySubscriptionCountIT extends NodePerTest {

    private static final String COUNT = "pusher_internal:subscription_count";

    @Test
    void tellsSubscribersHowManyThereAreWhenThatChanges() {
        start(Apps.demoApp("subscription-count: true"));
        try (RawPusherClient first = RawPusherClient.connect(node); RawPusherClient second = RawPusherClient.connect(node)) {
            first.subscribe("room");
            assertThat(first.awaitFrame(frame -> isCount(frame, 1)).json()).isEqualTo(PusherFrame.parseJson(
                    "{\"event\":\"pusher_internal:subscription_count\",\"channel\":\"room\",\"data\":\"{\\\"subscription_count\\\":1}\"}"));

            second.subscribe("room");
            first.awaitFrame(frame -> isCount(frame, 2));
            second.awaitFrame(frame -> isCount(frame, 2));

            int mark = first.mark();
            second.unsubscribe("room");
            first.awaitFrameAfter(mark, frame -> isCount(frame, 1));
        }
    }

    @Test
    void reportsTheCountToThePusherJavaClient() {
        start(Apps.demoApp("subscription-count: true"));
        try (JavaClient client = JavaClient.connect(node); RawPusherClient other = RawPusherClient.connect(node)) {
            ChannelRecorder room = client.subscribe("room");
            room.awaitSubscribed();
            other.subscribe("room");

            await().atMost(RawPusherClient.TIMEOUT).until(() -> room.events("pusher:subscription_count")
                    .stream().anyMatch(event -> event.getData().equals("{\"subscription_count\":2}")));
        }
    }

    @Test
    void sendsNoCountOnPresenceChannels() {
        start(Apps.demoApp("subscription-count: true"));
        try (RawPusherClient first = RawPusherClient.connect(node); RawPusherClient second = RawPusherClient.connect(node)) {
            first.subscribePresence("presence-room", "{\"user_id\":\"1\"}");
            first.awaitSubscribed("presence-room");
            second.subscribePresence("presence-room", "{\"user_id\":\"2\"}");
            first.awaitEvent("pusher_internal:member_added");
            first.roundTrip();

            assertThat(first.framesMatching(frame -> frame.is(COUNT))).isEmpty();
        }
    }

    @Test
    void sendsNoCountWhenTheAppLeavesItOff() {
        start();
        try (RawPusherClient first = RawPusherClient.connect(node); RawPusherClient second = RawPusherClient.connect(node)) {
            first.subscribe("room");
            second.subscribe("room");
            first.awaitSubscribed("room");
            second.awaitSubscribed("room");
            first.roundTrip();

            assertThat(first.framesMatching(frame -> frame.is(COUNT))).isEmpty();
        }
    }

    private static boolean isCount(PusherFrame frame, int count) {
        return frame.is(COUNT, "room") && frame.dataJson().path("subscription_count").asInt(-1) == count;
    }
}
