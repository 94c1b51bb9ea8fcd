package io.herald.appstore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * App store metrics, named {@code herald_app_store_*} in Prometheus: lookups answered from memory
 * or loaded, loads and refreshes by how long they took, store errors, and the apps held in memory.
 */
final class AppStoreMetrics {

    private final Counter hits;
    private final Counter misses;
    private final Counter refusedWhileDown;
    private final Timer loadByKey;
    private final Timer loadById;
    private final Timer refresh;
    private final Counter loadErrors;
    private final Counter refreshErrors;

    AppStoreMetrics(MeterRegistry registry, Supplier<Number> cached) {
        hits = lookups(registry, "hit");
        misses = lookups(registry, "miss");
        refusedWhileDown = lookups(registry, "store_down");
        loadByKey = timer(registry, "key");
        loadById = timer(registry, "id");
        refresh = timer(registry, "all");
        loadErrors = errors(registry, "load");
        refreshErrors = errors(registry, "refresh");
        Gauge.builder("herald_app_store_cached", cached, value -> value.get().doubleValue())
                .description("Keys and ids held in memory, the unknown ones included")
                .strongReference(true)
                .register(registry);
    }

    private static Counter lookups(MeterRegistry registry, String result) {
        return Counter.builder("herald_app_store_lookups")
                .description("App lookups: hit (answered from memory), miss (loaded from the store),"
                        + " store_down (unknown, not asked while the store fails)")
                .tag("result", result)
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String by) {
        return Timer.builder("herald_app_store_load")
                .description("Time a read of the store took: one app by key or id, or the whole table (all)")
                .tag("by", by)
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
                        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .register(registry);
    }

    private static Counter errors(MeterRegistry registry, String operation) {
        return Counter.builder("herald_app_store_errors")
                .description("Reads of the app store that failed (database down, timed out)")
                .tag("operation", operation)
                .register(registry);
    }

    void hit() {
        hits.increment();
    }

    void miss() {
        misses.increment();
    }

    void refusedWhileDown() {
        refusedWhileDown.increment();
    }

    Timer loadTimer(boolean byKey) {
        return byKey ? loadByKey : loadById;
    }

    Timer refreshTimer() {
        return refresh;
    }

    void loadFailed() {
        loadErrors.increment();
    }

    void refreshFailed() {
        refreshErrors.increment();
    }
}
