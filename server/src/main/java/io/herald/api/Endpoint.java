package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One operation of the HTTP API. Runs on the event loop once the request is authenticated;
 * answers 200 with the returned JSON, or throws {@link ApiException}.
 */
@FunctionalInterface
interface Endpoint {

    JsonNode handle(ApiCall call);
}
