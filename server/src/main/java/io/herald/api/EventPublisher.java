package io.herald.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.app.AppConfig;
import io.herald.channel.ChannelHub;
import io.herald.debug.DebugTap;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hands validated events to the hub and reports the counts a publisher asked for. */
final class EventPublisher {

    private final ChannelHub hub;
    private final AppRateLimits limits;
    private final DebugTap debug;

    EventPublisher(ChannelHub hub, AppRateLimits limits, DebugTap debug) {
        this.hub = hub;
        this.limits = limits;
        this.debug = debug;
    }

    /**
     * Takes the events of one call from the app's backend events per second, each event once per
     * channel it names, all or nothing: over the limit, nothing of the call is published (429).
     */
    CompletableFuture<Void> admit(ApiCall call, List<PublishRequest> events) {
        int count = 0;
        for (PublishRequest event : events) {
            count += event.channels().size();
        }
        return limits.publish(call.app(), count, call.loop());
    }

    void publish(AppConfig app, PublishRequest event) {
        for (String channel : event.channels()) {
            hub.publish(app, channel, event.name(), event.data(), event.socketId());
        }
        if (debug.watched(app.id())) {
            for (String channel : event.channels()) {
                debug.emit(app.id(), DebugTap.event("api_message").put("channel", channel).put("event", event.name())
                        .put("data", event.data()).put("size", event.data().getBytes(StandardCharsets.UTF_8).length)
                        .put("excluded_socket_id", event.socketId()));
            }
        }
    }

    /** The requested counts of one channel, {@code {}} when none were requested. */
    CompletionStage<ObjectNode> attributes(AppConfig app, String channel, PublishRequest event) {
        if (event.info().isEmpty()) {
            return CompletableFuture.completedFuture(ApiJson.object());
        }
        return hub.stats(app, channel)
                .thenApply(stats -> InfoAttributes.writeCounts(ApiJson.object(), channel, stats, event.info()));
    }
}
