package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.Channel;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.PresenceUser;
import com.pusher.rest.data.Result;
import io.herald.auth.Signatures;
import io.herald.testkit.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTTP API of a real node driven by pusher-http-java, with pusher-java-client connections
 * receiving what it publishes.
 */
class HttpApiIT {

    private static TestNode node;
    private static Pusher api;
    private final List<com.pusher.client.Pusher> clients = new ArrayList<>();

    @BeforeAll
    static void startNode() {
        node = TestNode.start();
        api = new Pusher(TestNode.APP_ID, TestNode.APP_KEY, TestNode.APP_SECRET);
        api.setHost(TestNode.HOST + ":" + node.port());
    }

    @AfterAll
    static void stopNode() throws Exception {
        api.close();
        node.close();
    }

    @AfterEach
    void disconnectClients() {
        clients.forEach(com.pusher.client.Pusher::disconnect);
    }

    @Test
    void deliversATriggeredEventToASubscriber() {
        List<PusherEvent> received = new CopyOnWriteArrayList<>();
        subscribe(connect(), "news", received);

        Result result = api.trigger("news", "headline", Map.of("title", "hello"));

        assertThat(result.getHttpStatus()).isEqualTo(200);
        assertThat(result.getMessage()).isEqualTo("{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
        assertThat(received.getFirst().getEventName()).isEqualTo("headline");
        assertThat(received.getFirst().getData()).isEqualTo("{\"title\":\"hello\"}");
    }

    @Test
    void leavesOutTheSocketIdGivenWithTheEvent() {
        List<PusherEvent> toSender = new CopyOnWriteArrayList<>();
        List<PusherEvent> toOther = new CopyOnWriteArrayList<>();
        com.pusher.client.Pusher sender = connect();
        subscribe(sender, "room", toSender);
        subscribe(connect(), "room", toOther);

        Result result = api.trigger("room", "said", "hi", sender.getConnection().getSocketId());
        api.trigger("room", "marker", "done");

        assertThat(result.getHttpStatus()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> toOther.size() == 2 && toSender.size() == 1);
        assertThat(toSender).extracting(PusherEvent::getEventName).containsExactly("marker");
    }

    @Test
    void deliversEveryEventOfABatch() {
        List<PusherEvent> first = new CopyOnWriteArrayList<>();
        List<PusherEvent> second = new CopyOnWriteArrayList<>();
        com.pusher.client.Pusher client = connect();
        subscribe(client, "batch-one", first);
        subscribe(client, "batch-two", second);

        Result result = api.trigger(List.of(new Event("batch-one", "a", "1"), new Event("batch-two", "b", "2")));

        assertThat(result.getHttpStatus()).isEqualTo(200);
        assertThat(result.getMessage()).isEqualTo("{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> first.size() == 1 && second.size() == 1);
    }

    @Test
    void listsOccupiedChannelsAndTheirCounts() {
        subscribe(connect(), "listed-channel", new CopyOnWriteArrayList<>());

        Result channels = api.get("/channels", Map.of("filter_by_prefix", "listed-"));
        Result channel = api.get("/channels/listed-channel", Map.of("info", "subscription_count"));
        Result unused = api.get("/channels/never-used");

        assertThat(channels.getMessage()).isEqualTo("{\"channels\":{\"listed-channel\":{}}}");
        assertThat(channel.getMessage()).isEqualTo("{\"occupied\":true,\"subscription_count\":1}");
        assertThat(unused.getMessage()).isEqualTo("{\"occupied\":false}");
    }

    @Test
    void reportsPresenceUsersAndCounts() {
        com.pusher.client.Pusher client = connect(new PusherOptions().setChannelAuthorizer((channel, socketId) ->
                api.authenticate(socketId, channel, new PresenceUser("7", Map.of("name", "Seven")))));
        Channel presence = client.subscribePresence("presence-lobby");
        await().atMost(Duration.ofSeconds(5)).until(presence::isSubscribed);

        Result users = api.get("/channels/presence-lobby/users");
        Result list = api.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count,subscription_count"));
        Result info = api.get("/channels/presence-lobby", Map.of("info", "user_count,subscription_count"));

        assertThat(users.getMessage()).isEqualTo("{\"users\":[{\"id\":\"7\"}]}");
        assertThat(list.getMessage()).isEqualTo("{\"channels\":{\"presence-lobby\":{\"user_count\":1,\"subscription_count\":1}}}");
        assertThat(info.getMessage()).isEqualTo("{\"occupied\":true,\"user_count\":1,\"subscription_count\":1}");
    }

    @Test
    void reportsCountsAfterAPublishWhenAskedForInfo() {
        subscribe(connect(), "info-channel", new CopyOnWriteArrayList<>());

        Result result = api.post("/events", "{\"name\":\"e\",\"channels\":[\"info-channel\",\"presence-info-nobody\"],\"data\":\"d\","
                + "\"info\":\"user_count,subscription_count\"}");

        assertThat(result.getMessage()).isEqualTo("{\"channels\":{\"info-channel\":{\"subscription_count\":1},"
                + "\"presence-info-nobody\":{\"user_count\":0,\"subscription_count\":0}}}");
    }

    @Test
    void keepsTheLastEventOfACacheChannel() {
        api.trigger("cache-weather", "forecast", "sunny");

        Result result = api.get("/channels/cache-weather", Map.of("info", "cache"));

        assertThat(result.getMessage()).startsWith("{\"occupied\":false,\"cache\":{\"data\":\"\\\"sunny\\\"\",\"ttl\":");
    }

    @Test
    void sendsToAUserAndTerminatesTheirConnections() {
        com.pusher.client.Pusher client = connect(new PusherOptions().setUserAuthenticator(socketId -> {
            String userData = "{\"id\":\"42\"}";
            String auth = Signatures.signinAuth(TestNode.APP_KEY, TestNode.APP_SECRET, socketId, userData);
            return "{\"auth\":\"" + auth + "\",\"user_data\":\"" + userData.replace("\"", "\\\"") + "\"}";
        }));
        List<PusherEvent> toUser = new CopyOnWriteArrayList<>();
        client.user().bind("notice", toUser::add);
        client.signin();
        await().atMost(Duration.ofSeconds(5)).until(() -> "42".equals(client.user().userId()));
        // What sendToUser sends in the Node, PHP and Go SDKs; pusher-http-java has no sendToUser and refuses '#' names.
        Result sent = api.post("/events", "{\"name\":\"notice\",\"channels\":[\"#server-to-user-42\"],\"data\":\"ping\"}");
        assertThat(sent.getMessage()).isEqualTo("{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> toUser.size() == 1);

        Result result = api.post("/users/42/terminate_connections", "{}");

        assertThat(result.getHttpStatus()).isEqualTo(200);
        assertThat(result.getMessage()).isEqualTo("{}");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnection().getState() == ConnectionState.DISCONNECTED);
    }

    private com.pusher.client.Pusher connect() {
        return connect(new PusherOptions());
    }

    private com.pusher.client.Pusher connect(PusherOptions options) {
        options.setHost(TestNode.HOST).setWsPort(node.port()).setUseTLS(false);
        com.pusher.client.Pusher client = new com.pusher.client.Pusher(TestNode.APP_KEY, options);
        clients.add(client);
        client.connect();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnection().getState() == ConnectionState.CONNECTED);
        return client;
    }

    private static void subscribe(com.pusher.client.Pusher client, String channelName, List<PusherEvent> into) {
        Channel channel = client.subscribe(channelName);
        channel.bindGlobal(event -> {
            if (!event.getEventName().startsWith("pusher")) {
                into.add(event);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(channel::isSubscribed);
    }
}
