package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.channel.ChannelHub;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /apps/{id}/channels/{channel}/users} (docs/http-api.md): the distinct users of a
 * presence channel, ids as strings.
 */
final class ChannelUsersEndpoint implements Endpoint {

    private final ChannelHub hub;

    ChannelUsersEndpoint(ChannelHub hub) {
        this.hub = hub;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        String channel = ChannelEndpoint.channel(call);
        if (!InfoAttributes.isPresence(channel)) {
            throw ApiException.badRequest("Users can only be listed for presence channels, and '" + channel + "' is not one");
        }
        return hub.presenceUserIds(call.app(), channel).thenApply(userIds -> {
            ObjectNode response = ApiJson.object();
            ArrayNode users = response.putArray("users");
            userIds.forEach(userId -> users.addObject().put("id", userId));
            return response;
        });
    }
}
