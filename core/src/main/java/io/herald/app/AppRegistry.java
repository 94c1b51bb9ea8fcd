package io.herald.app;

import java.util.Optional;

/**
 * Looks applications up by the key clients connect with and the id the HTTP API names.
 * Implementations are thread-safe and answer without blocking.
 */
public interface AppRegistry {

    Optional<AppConfig> byKey(String key);

    Optional<AppConfig> byId(String id);
}
