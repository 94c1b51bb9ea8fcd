package io.herald.app;

import java.util.List;
import java.util.Optional;

/**
 * A store of apps that Herald reads (a database table): the driver behind a caching
 * {@link AppRegistry}. Every method may block and is called off the event loops; a store that
 * cannot answer throws {@link AppStoreException}. A row that does not make a valid app is left out
 * (and logged), never thrown.
 */
public interface AppSource extends AutoCloseable {

    Optional<AppConfig> loadByKey(String key);

    Optional<AppConfig> loadById(String id);

    /** Every valid app of the store, for the periodic refresh. */
    List<AppConfig> loadAll();

    /** The driver and where it reads, without credentials: "postgres jdbc:postgresql://db/herald, table apps". */
    String describe();

    @Override
    void close();
}
