package io.herald.app;

import java.time.Instant;
import java.util.Optional;

/**
 * Changes to the apps of a store, for the admin API. Every method may block and is called off the
 * event loops; a store that cannot answer throws {@link AppStoreException}. Each returns the app
 * as the store now has it, or empty when there is no such app.
 */
public interface AppAdmin {

    Optional<AppConfig> setEnabled(String id, boolean enabled);

    /** The app as the store holds it now, read from the store itself (not a node's copy); empty when there is none. */
    Optional<AppConfig> loadById(String id);

    /**
     * Gives the app a new random secret and keeps the current one valid until {@code previousValidUntil}.
     */
    Optional<AppConfig> rotateSecret(String id, Instant previousValidUntil);

    /**
     * Adds an app: a row of soketi's table with the columns it has, and Herald's own settings for
     * what soketi has no column for. False when an app with its id or key exists already.
     */
    boolean create(AppConfig app);

    /**
     * Replaces the settings of an existing app (its id, key and secret stay as they are) with
     * those of {@code app}; empty when there is no such app.
     */
    Optional<AppConfig> update(AppConfig app);

    /** Removes the app (and Herald's settings for it); false when there was none. */
    boolean delete(String id);
}
