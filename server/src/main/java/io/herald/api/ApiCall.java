package io.herald.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import java.util.List;
import java.util.Map;

/**
 * An authenticated request, as an endpoint sees it.
 *
 * @param pathParameter the decoded channel name or user id the path names, else null
 * @param query decoded query parameters
 */
record ApiCall(AppConfig app, String pathParameter, Map<String, List<String>> query, byte[] body) {

    /** The first value of a query parameter, or null. */
    String parameter(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    ObjectNode jsonBody() {
        return ApiJson.readObject(body);
    }
}
