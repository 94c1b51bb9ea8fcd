package io.herald.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/** The apps named in the configuration, fixed for the life of the node. */
public final class StaticAppRegistry implements AppRegistry {

    private static final CompletableFuture<Optional<AppConfig>> NONE = CompletableFuture.completedFuture(Optional.empty());

    private final List<AppConfig> apps;
    // Complete futures made once: a lookup on the connect and publish paths allocates nothing.
    private final Map<String, CompletableFuture<Optional<AppConfig>>> byKey;
    private final Map<String, CompletableFuture<Optional<AppConfig>>> byId;

    public StaticAppRegistry(List<AppConfig> apps) {
        this.apps = List.copyOf(apps);
        this.byKey = apps.stream().collect(Collectors.toUnmodifiableMap(AppConfig::key, StaticAppRegistry::found));
        this.byId = apps.stream().collect(Collectors.toUnmodifiableMap(AppConfig::id, StaticAppRegistry::found));
    }

    private static CompletableFuture<Optional<AppConfig>> found(AppConfig app) {
        return CompletableFuture.completedFuture(Optional.of(app));
    }

    @Override
    public CompletableFuture<Optional<AppConfig>> byKey(String key) {
        return byKey.getOrDefault(key, NONE);
    }

    @Override
    public CompletableFuture<Optional<AppConfig>> byId(String id) {
        return byId.getOrDefault(id, NONE);
    }

    @Override
    public List<AppConfig> known() {
        return apps;
    }

    @Override
    public boolean mayHaveWebhooks() {
        return apps.stream().anyMatch(app -> !app.webhooks().isEmpty());
    }

    @Override
    public String describe() {
        return "the configuration";
    }
}
