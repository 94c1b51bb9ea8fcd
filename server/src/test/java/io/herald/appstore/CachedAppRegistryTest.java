package io.herald.appstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.app.AppConfig;
import io.herald.app.AppSource;
import io.herald.app.AppStoreException;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigSources;
import io.herald.config.HeraldConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cache in front of a store: hits answered at once, misses loaded once, unknown keys remembered, failures survived. */
class CachedAppRegistryTest {

    private final TableInMemory table = new TableInMemory();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private CachedAppRegistry apps;

    @AfterEach
    void close() {
        if (apps != null) {
            apps.close();
        }
    }

    private static AppConfig app(String id) {
        return new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: " + id + ", key: " + id + "-key, secret: s}]"))).apps().getFirst();
    }

    private CachedAppRegistry start(String... settings) {
        List<String> flags = new ArrayList<>(List.of("app-store.driver=postgres",
                "app-store.url=jdbc:postgresql://127.0.0.1:1/none", "app-store.refresh-interval=3600000"));
        flags.addAll(List.of(settings));
        HeraldConfig config = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(), flags));
        apps = CachedAppRegistry.start(table, config.appStore(), meters);
        return apps;
    }

    private double lookups(String result) {
        return meters.get("herald_app_store_lookups").tag("result", result).counter().count();
    }

    @Test
    void startsWithTheWholeTableInMemoryAndAnswersHitsAtOnce() {
        table.put(app("one"));
        start();

        var byKey = apps.byKey("one-key");
        var byId = apps.byId("one");

        assertThat(byKey).isCompletedWithValue(Optional.of(app("one")));
        assertThat(byId).isCompletedWithValue(Optional.of(app("one")));
        assertThat(table.singleLoads.get()).isZero();
        assertThat(lookups("hit")).isEqualTo(2);
    }

    @Test
    void loadsAMissOnceAndKnowsItByIdAfterwards() {
        start();
        table.put(app("late"));

        assertThat(apps.byKey("late-key").join()).contains(app("late"));
        assertThat(apps.byKey("late-key")).isCompletedWithValue(Optional.of(app("late")));
        assertThat(apps.byId("late")).as("known by id from the load by key").isCompletedWithValue(Optional.of(app("late")));
        assertThat(table.singleLoads.get()).isEqualTo(1);
        assertThat(lookups("miss")).isEqualTo(1);
    }

    @Test
    void remembersUnknownKeysAndNeverAsksForMalformedOnes() {
        start();

        for (int i = 0; i < 5; i++) {
            assertThat(apps.byKey("nobody").join()).isEmpty();
        }
        assertThat(apps.byKey("' OR 1=1 --").join()).isEmpty();
        assertThat(apps.byKey("x".repeat(101)).join()).isEmpty();

        assertThat(table.singleLoads.get()).as("one query for the unknown key, none for malformed ones").isEqualTo(1);
    }

    @Test
    void asksAgainForAnUnknownKeyOnceItsWindowIsOver() {
        start("app-store.negative-ttl=0");
        assertThat(apps.byKey("soon-key").join()).isEmpty();
        table.put(app("soon"));

        await().untilAsserted(() -> assertThat(apps.byKey("soon-key").join()).isPresent());
    }

    @Test
    void staysBoundedUnderAFloodOfUnknownKeys() {
        start("app-store.cache-size=100");

        for (int i = 0; i < 2_000; i++) {
            apps.byKey("random-" + i).join();
        }

        assertThat(table.singleLoads.get()).isEqualTo(2_000);
        await().untilAsserted(() -> assertThat(meters.get("herald_app_store_cached").gauge().value()).isLessThanOrEqualTo(200));
    }

    @Test
    void neverEvictsAKnownAppForUnknownKeys() {
        for (int i = 0; i < 100; i++) {
            table.put(app("known-" + i));
        }
        start("app-store.cache-size=100");

        for (int i = 0; i < 2_000; i++) {
            apps.byKey("random-" + i).join();
        }

        for (int i = 0; i < 100; i++) {
            assertThat(apps.byKey("known-" + i + "-key")).as("held, answered at once").isCompleted();
        }
        assertThat(table.singleLoads.get()).as("only the unknown keys were asked for").isEqualTo(2_000);
    }

    @Test
    void keepsServingKnownAppsWhileTheStoreFailsAndRecovers() {
        table.put(app("known"));
        start();
        table.failing.set(true);

        assertThat(apps.byKey("known-key")).isCompletedWithValue(Optional.of(app("known")));
        assertThat(apps.byKey("other-key").join()).as("unknown while the store fails").isEmpty();
        int asked = table.singleLoads.get();
        assertThat(apps.byKey("third-key").join()).as("answered without asking the failing store").isEmpty();
        assertThat(table.singleLoads.get()).isEqualTo(asked);
        assertThat(meters.get("herald_app_store_errors").tag("operation", "load").counter().count()).isEqualTo(1);
        apps.refresh();
        assertThat(apps.byKey("known-key").join()).as("a failed refresh keeps what is held").contains(app("known"));

        table.failing.set(false);
        table.put(app("other"));
        await().untilAsserted(() -> assertThat(apps.byKey("other-key").join()).isPresent());
    }

    @Test
    void refreshBringsChangesAndRemovalsOfHeldApps() {
        table.put(app("stays"));
        table.put(app("goes"));
        start();
        assertThat(apps.byKey("unknown-key").join()).isEmpty();

        AppConfig changed = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: stays, key: stays-key, secret: rotated}]"))).apps().getFirst();
        table.put(changed);
        table.remove("goes");
        table.put(app("unknown"));
        apps.refresh();

        assertThat(apps.byKey("stays-key").join()).contains(changed);
        assertThat(apps.byId("goes").join()).isEmpty();
        assertThat(apps.byKey("goes-key").join()).isEmpty();
        assertThat(apps.byKey("unknown-key").join()).as("no longer unknown").contains(app("unknown"));
    }

    @Test
    void tellsListenersOfChangedAndRemovedAppsAndReloadsOneAtOnce() {
        table.put(app("one"));
        table.put(app("two"));
        start();
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        apps.onChange((id, now) -> told.add(id + (now.isPresent() ? ":" + now.get().secret() : ":gone")));

        table.remove("two");
        apps.refresh();
        assertThat(told).containsExactly("two:gone");

        AppConfig rotated = new ConfigLoader().load(new ConfigSources(Optional.empty(), Map.of(),
                List.of("apps=[{id: one, key: one-new-key, secret: rotated}]"))).apps().getFirst();
        table.put(rotated);
        apps.reload("one");

        await().untilAsserted(() -> assertThat(told).containsExactly("two:gone", "one:rotated"));
        assertThat(apps.byId("one")).isCompletedWithValue(Optional.of(rotated));
        assertThat(apps.byKey("one-new-key")).isCompletedWithValue(Optional.of(rotated));
        assertThat(apps.byKey("one-key").join()).as("the old key is gone with the change").isEmpty();
    }

    /** A store in memory that counts its single-app loads and can be made to fail. */
    private static final class TableInMemory implements AppSource {

        final Map<String, AppConfig> byId = new ConcurrentHashMap<>();
        final AtomicInteger singleLoads = new AtomicInteger();
        final AtomicBoolean failing = new AtomicBoolean();

        void put(AppConfig app) {
            byId.put(app.id(), app);
        }

        void remove(String id) {
            byId.remove(id);
        }

        private void check() {
            if (failing.get()) {
                throw new AppStoreException("the database is down", null);
            }
        }

        @Override
        public Optional<AppConfig> loadByKey(String key) {
            singleLoads.incrementAndGet();
            check();
            return byId.values().stream().filter(app -> app.key().equals(key)).findFirst();
        }

        @Override
        public Optional<AppConfig> loadById(String id) {
            singleLoads.incrementAndGet();
            check();
            return Optional.ofNullable(byId.get(id));
        }

        @Override
        public List<AppConfig> loadAll() {
            check();
            return List.copyOf(byId.values());
        }

        @Override
        public String describe() {
            return "a table in memory";
        }

        @Override
        public void close() {}
    }
}
