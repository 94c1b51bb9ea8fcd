package io.herald.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.api.ApiFixture.Reply;
import io.herald.channel.ChannelHub.CachedEvent;
import io.herald.channel.ChannelHub.ChannelStats;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GET endpoints and terminate_connections: the answers of docs/http-api.md. */
class ChannelQueriesTest {

    private final ApiFixture api = new ApiFixture();

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void listsNoChannelsAsAnEmptyObject() {
        assertThat(api.get("/apps/app-id/channels")).extracting(Reply::status, Reply::body).containsExactly(200, "{\"channels\":{}}");
    }

    @Test
    void listsOnlyOccupiedChannels() {
        api.hub.stats.put("news", new ChannelStats(2, 0));
        api.hub.stats.put("empty", new ChannelStats(0, 0));
        api.hub.stats.put("presence-room", new ChannelStats(3, 2));

        assertThat(api.get("/apps/app-id/channels").body()).isEqualTo("{\"channels\":{\"news\":{},\"presence-room\":{}}}");
    }

    @Test
    void filtersByPrefixWithUserCounts() {
        api.hub.stats.put("news", new ChannelStats(2, 0));
        api.hub.stats.put("presence-room", new ChannelStats(3, 2));

        Reply reply = api.get("/apps/app-id/channels", "filter_by_prefix", "presence-", "info", "user_count");

        assertThat(reply.body()).isEqualTo("{\"channels\":{\"presence-room\":{\"user_count\":2}}}");
    }

    @Test
    void reportsSubscriptionCountsOfAnyChannel() {
        api.hub.stats.put("news", new ChannelStats(2, 0));

        Reply reply = api.get("/apps/app-id/channels", "info", "subscription_count");

        assertThat(reply.body()).isEqualTo("{\"channels\":{\"news\":{\"subscription_count\":2}}}");
    }

    @Test
    void refusesUserCountsWithoutAPresenceFilter() {
        assertThat(api.get("/apps/app-id/channels", "info", "user_count").status()).isEqualTo(400);
        assertThat(api.get("/apps/app-id/channels", "filter_by_prefix", "private-", "info", "user_count").status()).isEqualTo(400);
    }

    @Test
    void describesAChannelNobodyUsesAsUnoccupied() {
        assertThat(api.get("/apps/app-id/channels/never-used").body()).isEqualTo("{\"occupied\":false}");
    }

    @Test
    void describesAPresenceChannelWithTheRequestedCounts() {
        api.hub.stats.put("presence-room", new ChannelStats(3, 2));

        Reply reply = api.get("/apps/app-id/channels/presence-room", "info", "user_count,subscription_count");

        assertThat(reply.body()).isEqualTo("{\"occupied\":true,\"user_count\":2,\"subscription_count\":3}");
    }

    @Test
    void refusesUserCountForAChannelThatIsNoPresenceChannel() {
        Reply reply = api.get("/apps/app-id/channels/news", "info", "user_count");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(400,
                "{\"error\":\"user_count is only available for presence channels, and 'news' is not one\"}");
    }

    @Test
    void showsTheLastEventOfACacheChannel() {
        api.hub.cache.put("cache-news", new CachedEvent("e", "{\"x\":1}", 30));

        assertThat(api.get("/apps/app-id/channels/cache-news", "info", "cache").body())
                .isEqualTo("{\"occupied\":false,\"cache\":{\"data\":\"{\\\"x\\\":1}\",\"ttl\":30}}");
        assertThat(api.get("/apps/app-id/channels/presence-cache-x", "info", "cache").body())
                .isEqualTo("{\"occupied\":false,\"cache\":null}");
    }

    @Test
    void refusesCacheForAChannelThatIsNoCacheChannel() {
        assertThat(api.get("/apps/app-id/channels/news", "info", "cache").status()).isEqualTo(400);
    }

    @Test
    void refusesAnInvalidChannelName() {
        Reply reply = api.get("/apps/app-id/channels/bad%20name");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("Invalid channel name 'bad name'");
    }

    @Test
    void listsPresenceUsersWithStringIds() {
        api.hub.presenceUsers.put("presence-room", List.of("1", "42"));

        assertThat(api.get("/apps/app-id/channels/presence-room/users").body()).isEqualTo("{\"users\":[{\"id\":\"1\"},{\"id\":\"42\"}]}");
    }

    @Test
    void refusesUsersOfAChannelThatIsNoPresenceChannel() {
        Reply reply = api.get("/apps/app-id/channels/private-room/users");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(400,
                "{\"error\":\"Users can only be listed for presence channels, and 'private-room' is not one\"}");
    }

    @Test
    void terminatesTheConnectionsOfAUser() {
        Reply reply = api.post("/apps/app-id/users/user%2042/terminate_connections", "{}");

        assertThat(reply).extracting(Reply::status, Reply::body).containsExactly(200, "{}");
        assertThat(api.hub.terminatedUsers).containsExactly("user 42");
    }

    @Test
    void refusesToTerminateAUserIdOverTheLimit() {
        assertThat(api.post("/apps/app-id/users/" + "u".repeat(129) + "/terminate_connections", "{}").status()).isEqualTo(400);
        assertThat(api.hub.terminatedUsers).isEmpty();
    }
}
