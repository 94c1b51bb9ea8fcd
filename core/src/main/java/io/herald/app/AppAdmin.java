package io.herald.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * Changes to the apps of a store, for the admin API. Every method may block and is called off the
 * event loops; a store that cannot answer throws {@link AppStoreException}. Each returns the app
 * as the store now has it, or empty when there is no such app.
 */
public interface AppAdmin {

    Optional<AppConfig> setEnabled(String id, boolean enabled);


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
     * Changes some settings of an app: {@code changes} holds app keys as they are written in the
     * configuration, a JSON null putting a key back to its default. The app with the changes laid
     * over must be valid, or nothing is written and {@link io.herald.config.ConfigException} names
     * every problem; a new key that another app has throws {@link AppConflictException}. The id and
     * the secrets are not changed this way (the caller refuses them).
     */
    Optional<AppConfig> update(String id, ObjectNode changes);

    /** Removes the app (and Herald's settings for it); false when there was none. */
    boolean delete(String id);
}
