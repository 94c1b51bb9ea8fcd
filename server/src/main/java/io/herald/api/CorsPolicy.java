package io.herald.api;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Lets browsers call the HTTP API from the origins in {@code server.cors-origins}: {@code *}
 * allows any origin, otherwise the request's Origin is echoed only when listed.
 */
final class CorsPolicy {

    static final String ALLOWED_METHODS = "GET, POST, OPTIONS";
    /** Seconds a browser may reuse a preflight answer. */
    static final String MAX_AGE = "86400";

    private final List<String> origins;

    CorsPolicy(List<String> origins) {
        this.origins = List.copyOf(origins);
    }

    /**
     * The headers {@link #apply} gives an answer to {@code request}: with no origin configured, the
     * shared empty set, so that a server SDK's call allocates nothing for a browser's rules.
     */
    HttpHeaders headersFor(HttpHeaders request) {
        if (origins.isEmpty()) {
            return EmptyHttpHeaders.INSTANCE;
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        apply(request, headers);
        return headers;
    }

    /** Adds Access-Control-Allow-Origin (and Vary when it depends on the request) when allowed. */
    void apply(HttpHeaders request, HttpHeaders response) {
        if (origins.contains("*")) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            return;
        }
        String origin = request.get(HttpHeaderNames.ORIGIN);
        if (origin != null && origins.contains(origin)) {
            response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
        }
    }

    /** The headers a 204 answer to an OPTIONS preflight adds to those of {@link #apply}. */
    void applyPreflight(HttpHeaders request, HttpHeaders response) {
        String requestedHeaders = request.get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
        response.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS,
                requestedHeaders == null || requestedHeaders.isBlank() ? "Content-Type" : requestedHeaders);
        response.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, MAX_AGE);
    }
}
