package io.herald.appstore;

import io.herald.app.AppRegistry;
import io.herald.app.StaticAppRegistry;
import io.herald.config.AppStoreConfig;
import io.herald.config.HeraldConfig;
import io.herald.sql.SqlAppSource;
import io.micrometer.core.instrument.MeterRegistry;

/** Opens the app registry that {@code app-store.driver} names: the one way a node or sender learns its apps. */
public final class AppStores {

    private AppStores() {}

    /**
     * The configured apps ({@code static}), or the table of a database read through a cache; throws
     * {@link io.herald.app.AppStoreException} when the database cannot be read at start.
     */
    public static AppRegistry open(HeraldConfig config, MeterRegistry metrics) {
        AppStoreConfig store = config.appStore();
        return switch (store.driver()) {
            case STATIC -> new StaticAppRegistry(config.apps());
            case POSTGRES, MYSQL -> CachedAppRegistry.start(
                    SqlAppSource.open(store, config.webhooks().endpointDefaults()), store, metrics);
        };
    }
}
