package io.herald.it;

import static io.herald.it.GatewayAssertions.assertClosedWithError;
import static io.herald.it.GatewayAssertions.assertErrorWithoutClose;
import static io.herald.it.GatewayAssertions.assertStillOpen;
import static io.herald.it.GatewayAssertions.assertSubscriptionError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import io.herald.auth.Signatures;
import io.herald.json.JsonText;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import io.herald.testkit.TestNode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** User sign-in, #server-to-user- delivery, authorized connections and terminate_connections. */
class GatewayUserIT extends NodePerTest {

    private static final String ANN = "{\"id\":\"1\",\"user_info\":{\"name\":\"Ann\"}}";
    private static final String BOB = "{\"id\":\"2\"}";
    private static final String FORGED_AUTH = TestNode.APP_KEY + ":" + "0".repeat(64);

    @Test
    void signsInThePusherJavaClientAndDeliversEventsSentToTheUser() {
        start();
        List<PusherEvent> received = new CopyOnWriteArrayList<>();
        try (JavaClient client = JavaClient.connect(node, options -> options.setUserAuthenticator(JavaClient.signingAs(ANN)))) {
            client.pusher().user().bind("greeting", received::add);
            client.pusher().signin();
            await().atMost(RawPusherClient.TIMEOUT).until(() -> "1".equals(client.pusher().user().userId()));

            api.sendToUser("1", "greeting", "{\"hi\":true}");

            await().atMost(RawPusherClient.TIMEOUT).until(() -> !received.isEmpty());
            assertThat(received.getFirst().getData()).isEqualTo("{\"hi\":true}");
            assertThat(received.getFirst().getChannelName()).isEqualTo("#server-to-user-1");
            assertThat(client.errors()).isEmpty();
        }
    }

    @Test
    void answersSigninWithTheExactUserDataAndAcceptsTheUsersOwnChannel() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.signin(ANN);

            PusherFrame success = client.awaitEvent("pusher:signin_success");
            assertThat(success.data().isObject()).as(success.text()).isTrue();
            assertThat(success.data().path("user_data").textValue()).isEqualTo(ANN);
            client.subscribe("#server-to-user-1");
            assertThat(client.awaitSubscribed("#server-to-user-1").data().textValue()).isEqualTo("{}");

            api.sendToUser("1", "greeting", "{\"hi\":true}");
            assertThat(client.awaitEvent("greeting").json()).isEqualTo(PusherFrame.parseJson(
                    "{\"event\":\"greeting\",\"channel\":\"#server-to-user-1\",\"data\":\"{\\\"hi\\\":true}\"}"));
        }
    }

    @Test
    void acceptsSigninDataAsAJsonString() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            String auth = Signatures.signinAuth(TestNode.APP_KEY, TestNode.APP_SECRET, client.socketId(), BOB);
            String data = "{\"auth\":" + JsonText.quote(auth) + ",\"user_data\":" + JsonText.quote(BOB) + "}";
            client.sendEvent("pusher:signin", JsonText.quote(data));

            assertThat(client.awaitEvent("pusher:signin_success").data().path("user_data").textValue()).isEqualTo(BOB);
        }
    }

    @Test
    void deliversUserEventsToEveryConnectionOfThatUserOnly() {
        start();
        try (RawPusherClient annOnPhone = signedIn(ANN);
                RawPusherClient annOnLaptop = signedIn(ANN);
                RawPusherClient bob = signedIn(BOB)) {
            api.sendToUser("1", "greeting", "{}");

            annOnPhone.awaitEvent("greeting", "#server-to-user-1");
            annOnLaptop.awaitEvent("greeting", "#server-to-user-1");
            bob.roundTrip();
            assertThat(bob.framesMatching(frame -> frame.is("greeting"))).isEmpty();
        }
    }

    @Test
    void rejectsABadSigninWith4009WithoutClosing() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.signin(FORGED_AUTH, ANN);

            assertErrorWithoutClose(client, 4009);
            assertThat(client.framesMatching(frame -> frame.is("pusher:signin_success"))).isEmpty();
            client.subscribe("#server-to-user-1");
            assertSubscriptionError(client, "#server-to-user-1", "AuthError", 401);
        }
    }

    @Test
    void rejectsSubscribingToAnotherUsersChannel() {
        start();
        try (RawPusherClient client = signedIn(ANN)) {
            client.subscribe("#server-to-user-2");

            assertSubscriptionError(client, "#server-to-user-2", "AuthError", 401);
        }
    }

    @Test
    void closesConnectionsThatNeverAuthenticateWhenTheAppRequiresIt() {
        start(Apps.demoApp("user-authentication: true", "user-authentication-timeout: 2"));
        try (RawPusherClient signedIn = signedIn(ANN);
                RawPusherClient privateMember = RawPusherClient.connect(node);
                RawPusherClient anonymous = RawPusherClient.connect(node)) {
            privateMember.subscribePrivate("private-orders");
            privateMember.awaitSubscribed("private-orders");
            anonymous.subscribe("news");

            // anonymous connected last, so the others' deadlines have passed when it is closed
            assertClosedWithError(anonymous, 4009);
            assertStillOpen(signedIn);
            assertStillOpen(privateMember);
        }
    }

    @Test
    void closesOnABadSigninWhenTheAppRequiresAuthentication() {
        start(Apps.demoApp("user-authentication: true"));
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.signin(FORGED_AUTH, ANN);

            assertClosedWithError(client, 4009);
        }
    }

    @Test
    void tellsAUserWhichWatchedUsersAreOnlineAndWhenThatChanges() {
        start();
        try (RawPusherClient bob = signedIn(BOB);
                RawPusherClient ann = signedIn("{\"id\":\"1\",\"watchlist\":[\"2\",\"3\"]}")) {
            assertThat(ann.awaitEvent("pusher_internal:watchlist_events").json()).isEqualTo(PusherFrame.parseJson(
                    "{\"event\":\"pusher_internal:watchlist_events\",\"data\":{\"events\":[{\"name\":\"online\",\"user_ids\":[\"2\"]}]}}"));

            try (RawPusherClient carol = signedIn("{\"id\":\"3\"}")) {
                ann.awaitFrame(frame -> watchlistEvent(frame, "online", "3"));
                carol.close();
                ann.awaitFrame(frame -> watchlistEvent(frame, "offline", "3"));
            }
            bob.roundTrip();
            assertThat(bob.framesMatching(frame -> frame.is("pusher_internal:watchlist_events"))).as("Bob watches nobody").isEmpty();
        }
    }

    @Test
    void keepsTheFirstWatchedUsersAndReports4302OverTheWatchlistLimit() {
        start(Apps.demoApp("max-watchlist-size: 2"));
        try (RawPusherClient bob = signedIn(BOB);
                RawPusherClient carol = signedIn("{\"id\":\"3\"}");
                RawPusherClient ann = RawPusherClient.connect(node)) {
            ann.signin("{\"id\":\"1\",\"watchlist\":[\"4\",\"2\",\"3\"]}");

            ann.awaitEvent("pusher:signin_success");
            assertErrorWithoutClose(ann, 4302);
            ann.awaitFrame(frame -> watchlistEvent(frame, "online", "2"));
            assertThat(ann.framesMatching(frame -> watchlistEvent(frame, "online", "3"))).as("3 is past the limit").isEmpty();
        }
    }

    @Test
    void terminatesEveryConnectionOfAUserAndNoOtherUser() {
        start();
        try (RawPusherClient annRaw = signedIn(ANN);
                JavaClient annJava = JavaClient.connect(node, options -> options.setUserAuthenticator(JavaClient.signingAs(ANN)));
                RawPusherClient bob = signedIn(BOB)) {
            annJava.pusher().signin();
            await().atMost(RawPusherClient.TIMEOUT).until(() -> "1".equals(annJava.pusher().user().userId()));

            api.terminateUserConnections("1");

            assertClosedWithError(annRaw, 4009);
            annJava.awaitState(ConnectionState.DISCONNECTED);
            assertThat(annJava.errors()).extracting(JavaClient.Error::code).contains("4009");
            assertStillOpen(bob);
            api.sendToUser("2", "still-here", "{}");
            bob.awaitEvent("still-here");
        }
    }

    @Test
    void terminatesWithTheAppsConfiguredCloseCode() {
        start(Apps.demoApp("terminate-close-code: 4200"));
        try (RawPusherClient ann = signedIn(ANN)) {
            api.terminateUserConnections("1");

            assertClosedWithError(ann, 4200);
        }
    }

    private RawPusherClient signedIn(String userData) {
        RawPusherClient client = RawPusherClient.connect(node);
        client.signin(userData);
        client.awaitEvent("pusher:signin_success");
        return client;
    }

    private static boolean watchlistEvent(PusherFrame frame, String name, String userId) {
        if (!frame.is("pusher_internal:watchlist_events")) {
            return false;
        }
        for (var event : frame.dataJson().path("events")) {
            if (name.equals(event.path("name").textValue())) {
                for (var id : event.path("user_ids")) {
                    if (userId.equals(id.textValue())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
