package io.herald.api;

import io.herald.app.AppConfig;
import io.herald.channel.ChannelHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ChannelHub} for the API's own tests: it records what the API asks and answers from
 * state the test sets, so a test sees exactly which calls a request caused.
 */
final class RecordingHub implements ChannelHub {

    record Published(String appId, String channel, String event, String data, String excludeSocketId) {}

    final List<Published> published = new ArrayList<>();
    final List<String> terminatedUsers = new ArrayList<>();
    final Map<String, ChannelStats> stats = new LinkedHashMap<>();
    final Map<String, List<String>> presenceUsers = new HashMap<>();
    final Map<String, CachedEvent> cache = new HashMap<>();
    RuntimeException failure;

    @Override
    public void publish(AppConfig app, String channel, String event, String data, String excludeSocketId) {
        failIfAsked();
        published.add(new Published(app.id(), channel, event, data, excludeSocketId));
    }

    @Override
    public ChannelStats stats(AppConfig app, String channel) {
        return stats.getOrDefault(channel, new ChannelStats(0, 0));
    }

    @Override
    public Map<String, ChannelStats> occupiedChannels(AppConfig app, String prefix) {
        Map<String, ChannelStats> occupied = new LinkedHashMap<>();
        stats.forEach((name, counts) -> {
            if (name.startsWith(prefix) && counts.occupied()) {
                occupied.put(name, counts);
            }
        });
        return occupied;
    }

    @Override
    public List<String> presenceUserIds(AppConfig app, String channel) {
        return presenceUsers.getOrDefault(channel, List.of());
    }

    @Override
    public Optional<CachedEvent> cachedEvent(AppConfig app, String channel) {
        return Optional.ofNullable(cache.get(channel));
    }

    @Override
    public void terminateUserConnections(AppConfig app, String userId) {
        terminatedUsers.add(userId);
    }

    private void failIfAsked() {
        if (failure != null) {
            throw failure;
        }
    }
}
