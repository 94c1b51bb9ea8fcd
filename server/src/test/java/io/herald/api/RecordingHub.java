package io.herald.api;

import io.herald.app.AppConfig;
import io.herald.channel.ChannelHub;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

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
    /** When set, queries answer only once it completes, as a cluster's shared state would. */
    CompletableFuture<Void> answersReleased = CompletableFuture.completedFuture(null);

    @Override
    public void publish(AppConfig app, String channel, String event, String data, String excludeSocketId) {
        failIfAsked();
        published.add(new Published(app.id(), channel, event, data, excludeSocketId));
    }

    @Override
    public CompletionStage<ChannelStats> stats(AppConfig app, String channel) {
        return later(() -> stats.getOrDefault(channel, new ChannelStats(0, 0)));
    }

    @Override
    public CompletionStage<Map<String, ChannelStats>> occupiedChannels(AppConfig app, String prefix) {
        return later(() -> {
            Map<String, ChannelStats> occupied = new LinkedHashMap<>();
            stats.forEach((name, counts) -> {
                if (name.startsWith(prefix) && counts.occupied()) {
                    occupied.put(name, counts);
                }
            });
            return occupied;
        });
    }

    @Override
    public CompletionStage<List<String>> presenceUserIds(AppConfig app, String channel) {
        return later(() -> presenceUsers.getOrDefault(channel, List.of()));
    }

    @Override
    public CompletionStage<Optional<CachedEvent>> cachedEvent(AppConfig app, String channel) {
        return later(() -> Optional.ofNullable(cache.get(channel)));
    }

    private <T> CompletionStage<T> later(Supplier<T> answer) {
        return answersReleased.thenApply(released -> answer.get());
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
