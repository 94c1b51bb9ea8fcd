package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.channel.ChannelHub;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /apps/{id}/users/{user_id}/terminate_connections} (docs/http-api.md): closes every
 * connection signed in as the user; answers {@code {}}.
 */
final class TerminateConnectionsEndpoint implements Endpoint {

    private final ChannelHub hub;

    TerminateConnectionsEndpoint(ChannelHub hub) {
        this.hub = hub;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        String userId = call.pathParameter();
        if (userId.isEmpty()) {
            throw ApiException.badRequest("Missing user id");
        }
        if (userId.length() > call.app().maxUserIdLength()) {
            throw ApiException.badRequest("User id is longer than " + call.app().maxUserIdLength() + " characters");
        }
        hub.terminateUserConnections(call.app(), userId);
        return CompletableFuture.completedFuture(ApiJson.object());
    }
}
