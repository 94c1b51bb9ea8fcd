package io.herald.app;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The apps named in the configuration, fixed for the life of the node. */
public final class StaticAppRegistry implements AppRegistry {

    private final Map<String, AppConfig> byKey;
    private final Map<String, AppConfig> byId;

    public StaticAppRegistry(List<AppConfig> apps) {
        this.byKey = apps.stream().collect(Collectors.toUnmodifiableMap(AppConfig::key, Function.identity()));
        this.byId = apps.stream().collect(Collectors.toUnmodifiableMap(AppConfig::id, Function.identity()));
    }

    @Override
    public Optional<AppConfig> byKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    @Override
    public Optional<AppConfig> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }
}
