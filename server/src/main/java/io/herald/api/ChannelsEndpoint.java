package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.channel.ChannelHub;
import io.herald.channel.ChannelHub.ChannelStats;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /apps/{id}/channels} (docs/http-api.md): occupied channels, optionally
 * filtered by prefix, always as a JSON object ({@code {"channels":{}}} when none).
 */
final class ChannelsEndpoint implements Endpoint {

    private final ChannelHub hub;

    ChannelsEndpoint(ChannelHub hub) {
        this.hub = hub;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        String prefix = call.parameter("filter_by_prefix");
        prefix = prefix == null ? "" : prefix;
        Set<String> info = InfoAttributes.parse(call.parameter("info"), InfoAttributes.COUNTS);
        if (info.contains(InfoAttributes.USER_COUNT) && !prefix.startsWith("presence-")) {
            throw ApiException.badRequest("info=user_count is only allowed with filter_by_prefix=presence- (or a longer presence- prefix)");
        }
        return hub.occupiedChannels(call.app(), prefix).thenApply(found -> {
            ObjectNode response = ApiJson.object();
            ObjectNode channels = response.putObject("channels");
            Map<String, ChannelStats> occupied = new TreeMap<>(found);
            occupied.forEach((name, stats) -> channels.set(name, InfoAttributes.writeCounts(ApiJson.object(), name, stats, info)));
            return response;
        });
    }
}
