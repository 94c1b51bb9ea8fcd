package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /apps/{id}/events} (docs/http-api.md): answers exactly {@code {}}, or with
 * {@code info} the requested counts of every channel published to.
 */
final class EventsEndpoint implements Endpoint {

    private final EventPublisher publisher;

    EventsEndpoint(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        PublishRequest event = EventBodyReader.read(call.body(), call.app());
        return publisher.admit(call, List.of(event)).thenCompose(admitted -> published(call, event));
    }

    private CompletionStage<JsonNode> published(ApiCall call, PublishRequest event) {
        publisher.publish(call.app(), event);
        ObjectNode response = ApiJson.object();
        if (event.info().isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        ObjectNode channels = response.putObject("channels");
        List<CompletableFuture<ObjectNode>> counts = event.channels().stream()
                .map(channel -> publisher.attributes(call.app(), channel, event).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            for (int i = 0; i < counts.size(); i++) {
                channels.set(event.channels().get(i), counts.get(i).join());
            }
            return response;
        });
    }
}
