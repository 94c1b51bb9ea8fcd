package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.channel.ChannelHub;
import io.herald.protocol.ChannelName;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /apps/{id}/channels/{channel}} (docs/http-api.md): always {@code occupied},
 * plus the requested {@code subscription_count}, {@code user_count} (presence channels) and
 * {@code cache} (cache channels).
 */
final class ChannelEndpoint implements Endpoint {

    private static final Set<String> ATTRIBUTES =
            Set.of(InfoAttributes.USER_COUNT, InfoAttributes.SUBSCRIPTION_COUNT, InfoAttributes.CACHE);

    private final ChannelHub hub;

    ChannelEndpoint(ChannelHub hub) {
        this.hub = hub;
    }

    /** The channel the path names, or 400 when it is no valid channel name. */
    static String channel(ApiCall call) {
        String channel = call.pathParameter();
        String problem = ChannelName.problem(channel, call.app().maxChannelNameLength());
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return channel;
    }

    @Override
    public CompletionStage<JsonNode> handle(ApiCall call) {
        String channel = channel(call);
        Set<String> info = InfoAttributes.parse(call.parameter("info"), ATTRIBUTES);
        if (info.contains(InfoAttributes.USER_COUNT) && !InfoAttributes.isPresence(channel)) {
            throw ApiException.badRequest("user_count is only available for presence channels, and '" + channel + "' is not one");
        }
        if (info.contains(InfoAttributes.CACHE) && !ChannelName.isCache(channel)) {
            throw ApiException.badRequest("cache is only available for cache channels, and '" + channel + "' is not one");
        }
        CompletableFuture<Optional<ChannelHub.CachedEvent>> cached = info.contains(InfoAttributes.CACHE)
                ? hub.cachedEvent(call.app(), channel).toCompletableFuture()
                : CompletableFuture.completedFuture(Optional.empty());
        return hub.stats(call.app(), channel).thenCombine(cached, (stats, event) -> {
            ObjectNode response = ApiJson.object().put("occupied", stats.occupied());
            InfoAttributes.writeCounts(response, channel, stats, info);
            if (info.contains(InfoAttributes.CACHE)) {
                response.set(InfoAttributes.CACHE, event
                        .<JsonNode>map(e -> ApiJson.object().put("data", e.data()).put("ttl", e.ttlSeconds()))
                        .orElseGet(ApiJson::nullNode));
            }
            return response;
        });
    }
}
