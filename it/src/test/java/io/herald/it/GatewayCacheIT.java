package io.herald.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.testkit.PusherFrame;
import io.herald.testkit.RawPusherClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cache channels: a miss, the last API event replayed to new subscribers, and its expiry. */
class GatewayCacheIT extends NodePerTest {

    @Test
    void sendsCacheMissRightAfterSubscribingToAnEmptyCacheChannel() {
        start();
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            client.subscribe("cache-news");

            PusherFrame succeeded = client.awaitSubscribed("cache-news");
            PusherFrame next = client.awaitFrameAfter(succeeded.index() + 1, frame -> true);
            assertThat(next.json()).isEqualTo(PusherFrame.parseJson("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-news\",\"data\":\"{}\"}"));
        }
    }

    @Test
    void replaysTheLastApiEventToNewSubscribers() {
        start();
        try (RawPusherClient early = RawPusherClient.connect(node)) {
            early.subscribe("cache-news");
            early.awaitEvent("pusher:cache_miss", "cache-news");
            api.trigger("cache-news", "headline", Map.of("n", 1));
            api.trigger("cache-news", "headline", Map.of("n", 2));
            early.awaitFrames(frame -> frame.is("headline"), 2);

            assertThat(firstFrameAfterSubscribing("cache-news").json())
                    .isEqualTo(PusherFrame.parseJson("{\"event\":\"headline\",\"channel\":\"cache-news\",\"data\":\"{\\\"n\\\":2}\"}"));
        }
    }

    @Test
    void keepsTheCachedEventAfterTheChannelEmpties() {
        start();
        api.trigger("cache-news", "headline", Map.of("n", 1));

        assertThat(firstFrameAfterSubscribing("cache-news").event()).isEqualTo("headline");
        assertThat(firstFrameAfterSubscribing("cache-news").event()).isEqualTo("headline");
    }

    @Test
    void cachesPrivateCacheChannelsButNeverClientEvents() {
        start();
        try (RawPusherClient sender = RawPusherClient.connect(node)) {
            sender.subscribePrivate("private-cache-scores");
            sender.awaitEvent("pusher:cache_miss", "private-cache-scores");
            sender.trigger("private-cache-scores", "client-guess", "{\"g\":1}");
            sender.roundTrip();

            assertThat(firstFrameAfterSubscribing("private-cache-scores").event()).isEqualTo("pusher:cache_miss");
            api.trigger("private-cache-scores", "score", Map.of("home", 1));
            assertThat(firstFrameAfterSubscribing("private-cache-scores").event()).isEqualTo("score");
        }
    }

    @Test
    void forgetsTheCachedEventAfterItsTtl() {
        start(Apps.demoApp("cache-ttl: 2"));
        api.trigger("cache-news", "headline", Map.of("n", 1));
        assertThat(firstFrameAfterSubscribing("cache-news").event()).as("cached at first").isEqualTo("headline");

        await().atMost(RawPusherClient.TIMEOUT).pollInterval(Duration.ofMillis(250))
                .until(() -> firstFrameAfterSubscribing("cache-news").is("pusher:cache_miss"));
    }

    /** What a new connection receives right after subscription_succeeded on {@code channel}. */
    private PusherFrame firstFrameAfterSubscribing(String channel) {
        try (RawPusherClient client = RawPusherClient.connect(node)) {
            if (channel.startsWith("private-")) {
                client.subscribePrivate(channel);
            } else {
                client.subscribe(channel);
            }
            PusherFrame succeeded = client.awaitSubscribed(channel);
            return client.awaitFrameAfter(succeeded.index() + 1, frame -> true);
        }
    }
}
