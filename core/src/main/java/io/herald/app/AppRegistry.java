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

    /** Where the apps come from, for the log: "configuration", "postgres store at ...". */
    String describe();

    @Override
    default void close() {}
}
