package io.herald.app;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one way Herald learns about applications: by the key clients connect with and by the id the
 * HTTP API names. Implementations are thread-safe and never block the caller: an app held in
 * memory is answered with a future that is already complete, and one that must be loaded (from a
 * database) completes later on a thread of the registry. The futures never complete exceptionally:
 * an app that cannot be found, for whatever reason, is empty. Callers must not complete them.
 */
public interface AppRegistry extends AutoCloseable {

    CompletableFuture<Optional<AppConfig>> byKey(String key);

    CompletableFuture<Optional<AppConfig>> byId(String id);

    /** The apps held in memory now: every app of a static registry, what a cache holds of a store. */
    List<AppConfig> known();

    /** True when some app has webhook endpoints, or may come to have them (a store changes). */
    boolean mayHaveWebhooks();

    /** Told of an app that changed in the store while held in memory; {@code now} is empty when it is gone. */
    @FunctionalInterface
    interface ChangeListener {
        void changed(String appId, Optional<AppConfig> now);
    }

    /** Registers a listener of changes; a static registry never changes. */
    default void onChange(ChangeListener listener) {}

    /**
     * Reads one app again from the store at once (it was changed through Herald, on this node or
     * another); listeners are told when it differs from what was held. Nothing for a static registry.
     */
    default void reload(String appId) {}

    /** Changes to the store's apps, when it takes them (a database); empty for the configuration. */
    default Optional<AppAdmin> admin() {
        return Optional.empty();
    }

    /** Where the apps come from, for the log: "configuration", "postgres store at ...". */
    String describe();

    @Override
    default void close() {}
}
