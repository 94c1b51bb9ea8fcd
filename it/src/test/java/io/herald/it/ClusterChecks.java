package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.pusher.client.channel.User;
import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/** Names, clients, subscriptions and API assertions the cluster tests share. */
final class ClusterChecks {

    private ClusterChecks() {}

    /** A name no other test uses, so that tests sharing a cluster stay independent. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** pusher-java-client on {@code node}, authorized for presence channels as {@code userId}. */
    static JavaClient presenceClient(ClusterNode node, String userId, Object userInfo) {
        return node.connectJava(options -> options.setChannelAuthorizer(LocalAuth.authorizer(node.api(), userId, userInfo)));
    }

    static List<String> ids(List<User> users) {
        return users.stream().map(User::getId).toList();
    }

    /** The ids in a {@code GET /channels/{channel}/users} answer, in its order. */
    static List<String> userIds(String usersResponse) {
        List<String> ids = new ArrayList<>();
        PusherFrame.parseJson(usersResponse).path("users").forEach(user -> ids.add(user.path("id").asText()));
        return ids;
    }

    /** {@code GET /channels/{channel}?info=subscription_count} on {@code node} says {@code subscriptions}. */
    static void assertSubscriptionCount(ClusterNode node, String channel, int subscriptions) {
        assertJson(node.api().get("/channels/" + channel, Map.of("info", "subscription_count")),
                "{\"occupied\":" + (subscriptions > 0) + ",\"subscription_count\":" + subscriptions + "}");
    }

    static void assertJson(String actual, String expected) {
        assertThat(PusherFrame.parseJson(actual)).as(actual).isEqualTo(PusherFrame.parseJson(expected));
    }

    /** Subscribes every client at once, then waits until each one is subscribed. */
    static void joinPublic(String channel, RawPusherClient... clients) {
        Stream.of(clients).forEach(client -> client.subscribe(channel));
        Stream.of(clients).forEach(client -> client.awaitSubscribed(channel));
    }

    static void joinPrivate(String channel, RawPusherClient... clients) {
        Stream.of(clients).forEach(client -> client.subscribePrivate(channel));
        Stream.of(clients).forEach(client -> client.awaitSubscribed(channel));
    }

    static void joinPresence(String channel, String channelData, RawPusherClient... clients) {
        Stream.of(clients).forEach(client -> client.subscribePresence(channel, channelData));
        Stream.of(clients).forEach(client -> client.awaitSubscribed(channel));
    }
}
