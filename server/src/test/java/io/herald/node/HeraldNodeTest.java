package io.herald.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HeraldNodeTest {

    private static HeraldNode startNode() {
        var config = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("server.host=127.0.0.1", "server.port=0", "metrics.host=127.0.0.1", "metrics.port=0")));
        return HeraldNode.start(config);
    }

    @Test
    void deliversAnApiPublishToAPublicSubscriber() throws Exception {
        try (HeraldNode node = startNode()) {
            List<String> frames = new CopyOnWriteArrayList<>();
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/app/app-key?protocol=7"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            frames.add(data.toString());
                            webSocket.request(1);
                            return null;
                        }
                    }).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> !frames.isEmpty());
            assertThat(frames.get(0)).startsWith("{\"event\":\"pusher:connection_established\",\"data\":\"{\\\"socket_id\\\":");

            socket.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"news\"}}", true).get();
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= 2);
            assertThat(frames.get(1)).isEqualTo("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\",\"data\":\"{}\"}");

            var app = node.config().apps().get(0);
            node.hub().publish(app, "news", "headline", "{\"x\":1}", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> frames.size() >= 3);
            assertThat(frames.get(2)).isEqualTo("{\"event\":\"headline\",\"channel\":\"news\",\"data\":\"{\\\"x\\\":1}\"}");
            assertThat(node.hub().stats(app, "news").toCompletableFuture().join().subscriptionCount()).isEqualTo(1);
            socket.abort();
        }
    }
}
