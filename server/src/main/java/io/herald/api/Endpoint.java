package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletionStage;

/**
 * One operation of the HTTP API. Runs on the event loop once the request is authenticated;
 * answers 200 with the JSON the returned stage completes with, or throws (or completes
 * exceptionally with) {@link ApiException}. Answers a cluster asks its shared state for complete
 * later; the event loop never waits for them.
 */
@FunctionalInterface
interface Endpoint {

    CompletionStage<JsonNode> handle(ApiCall call);
}
