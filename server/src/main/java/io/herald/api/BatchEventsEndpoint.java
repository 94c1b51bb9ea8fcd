package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /apps/{id}/batch_events} (docs/http-api.md): every item is validated before
 * any is published, so one bad item fails the whole batch and nothing is sent.
 */
final class BatchEventsEndpoint implements Endpoint {

    private final EventPublisher publisher;

    BatchEventsEndpoint(EventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        List<PublishRequest> events = validate(call);
        return publisher.admit(call, events).thenCompose(admitted -> published(call, events));
    }

    private CompletionStage<JsonNode> published(ApiCall call, List<PublishRequest> events) {
        events.forEach(event -> publisher.publish(call.app(), event));
        ObjectNode response = ApiJson.object();
        if (events.stream().allMatch(event -> event.info().isEmpty())) {
            return CompletableFuture.completedFuture(response);
        }
        ArrayNode attributes = response.putArray("batch");
        List<CompletableFuture<ObjectNode>> counts = events.stream()
                .map(event -> publisher.attributes(call.app(), event.channels().getFirst(), event).toCompletableFuture())
                .toList();
        return CompletableFuture.allOf(counts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            counts.forEach(count -> attributes.add(count.join()));
            return response;
        });
    }

    private static List<PublishRequest> validate(ApiCall call) {
        JsonNode batch = call.jsonBody().get("batch");
        if (batch == null || !batch.isArray()) {
            throw ApiException.badRequest("Missing batch: expected {\"batch\":[{\"name\":…,\"channel\":…,\"data\":…},…]}");
        }
        int limit = call.app().maxBatchSize();
        if (batch.size() > limit) {
            throw ApiException.badRequest("Batch too large: " + batch.size() + " events given, at most " + limit + " per request");
        }
        List<PublishRequest> events = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            events.add(item(call, batch.get(i), i));
        }
        return events;
    }

    private static PublishRequest item(ApiCall call, JsonNode item, int index) {
        if (!item.isObject()) {
            throw ApiException.badRequest("batch[" + index + "] must be an object");
        }
        try {
            return PublishRequest.ofBatchItem((ObjectNode) item, call.app());
        } catch (ApiException e) {
            throw new ApiException(e.status(), "batch[" + index + "]: " + e.getMessage());
        }
    }
}
