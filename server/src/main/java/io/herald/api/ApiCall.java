package io.herald.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * An authenticated request, as an endpoint sees it.
 *
 * @param pathParameter the decoded channel name or user id the path names, else null
 * @param query decoded query parameters
 * @param loop the event loop of the request's connection, where a step that waited continues
 */
record ApiCall(AppConfig app, String pathParameter, Map<String, List<String>> query, byte[] body, Executor loop) {

    /** The first value of a query parameter, or null. */
    String parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    ObjectNode jsonBody() {
        return ApiJson.readObject(body);
    }
}
