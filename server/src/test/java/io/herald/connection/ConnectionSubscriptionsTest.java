package io.herald.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection's subscriptions, kept without a map while it has one, as most connections do. */
class ConnectionSubscriptionsTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final Connection connection = new Connection(channel, null, "1.1", new LoopShard(0, channel.eventLoop()), 0);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private Subscription subscribe(String channelName) {
        Subscription subscription = new Subscription(channelName, connection, null);
        connection.addSubscription(channelName, subscription);
        return subscription;
    }

    @Test
    void findsItsOnlySubscriptionByName() {
        Subscription news = subscribe("news");

        assertThat(connection.subscription("news")).isSameAs(news);
        assertThat(connection.subscription("sport")).isNull();
        assertThat(connection.subscriptions()).containsExactly(news);
        assertThat(connection.subscriptionCount()).isOne();
    }

    @Test
    void keepsEverySubscriptionOnceItHasMoreThanOne() {
        Subscription news = subscribe("news");
        Subscription sport = subscribe("sport");
        Subscription weather = subscribe("weather");

        assertThat(connection.subscription("news")).isSameAs(news);
        assertThat(connection.subscription("sport")).isSameAs(sport);
        assertThat(connection.subscriptions()).containsExactlyInAnyOrder(news, sport, weather);

        assertThat(connection.removeSubscription("news")).isSameAs(news);
        assertThat(connection.removeSubscription("news")).isNull();
        assertThat(connection.subscriptions()).containsExactlyInAnyOrder(sport, weather);
        assertThat(connection.subscriptionCount()).isEqualTo(2);
    }

    @Test
    void removingTheOnlySubscriptionLeavesNone() {
        Subscription news = subscribe("news");

        assertThat(connection.removeSubscription("sport")).isNull();
        assertThat(connection.removeSubscription("news")).isSameAs(news);
        assertThat(connection.subscription("news")).isNull();
        assertThat(connection.subscriptions()).isEmpty();
        assertThat(connection.subscriptionCount()).isZero();
    }

    @Test
    void aSecondSubscriptionToTheSameChannelReplacesTheFirst() {
        subscribe("news");
        Subscription again = subscribe("news");

        assertThat(connection.subscriptions()).containsExactly(again);
    }

    @Test
    void subscriptionsWithoutARosterShareOneOpenGate() {
        assertThat(subscribe("news").gate()).isSameAs(subscribe("sport").gate());
        assertThat(subscribe("weather").gate().isOpen()).isTrue();
    }
}
