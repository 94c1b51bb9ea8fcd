package io.herald.appstore;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.herald.app.AppAdmin;
import io.herald.app.AppConfig;
import io.herald.app.AppRegistry;
import io.herald.app.AppSource;
import io.herald.app.AppStoreException;
import io.herald.config.AppStoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apps of a store (a database table), served from memory. Lookups by key and by id each go
 * through a bounded cache: a hit is a future that is already complete, so the connect and publish
 * paths never wait on a hit; a miss is loaded on a thread of the registry (one per pooled database
 * connection) while the caller's future waits. A key or id the store does not know is remembered
 * as unknown for {@code negative-ttl}, so a flood of made-up keys costs one query per key per
 * window; one that is not well formed never reaches the store.
 *
 * <p>Every {@code refresh-interval} the whole table is read again and every entry held is brought
 * up to date: a changed app replaces the old, a removed one becomes unknown. When the store fails,
 * what is held stays (known apps keep working), a lookup that would need the store is answered
 * "unknown" at once for a second before the store is tried again, and the failure is logged once
 * and counted.
 */
public final class CachedAppRegistry implements AppRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(CachedAppRegistry.class);
    private static final CompletableFuture<Optional<AppConfig>> NONE = CompletableFuture.completedFuture(Optional.empty());
    /** After a failure the store is left alone this long: lookups meanwhile are answered at once. */
    private static final long STORE_DOWN_PAUSE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final AppSource source;
    private final AsyncCache<String, Optional<AppConfig>> byKey;
    private final AsyncCache<String, Optional<AppConfig>> byId;
    // Unknown names have caches of their own, so that a flood of made-up keys never evicts a known app.
    private final Cache<String, Boolean> unknownKeys;
    private final Cache<String, Boolean> unknownIds;
    private final ThreadPoolExecutor loaders;
    private final ScheduledExecutorService refresher;
    private final AppStoreMetrics metrics;
    private final int cacheSize;
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean storeDown;
    private volatile long storeDownUntilNanos;

    private CachedAppRegistry(AppSource source, AppStoreConfig config, MeterRegistry registry) {
        this.source = source;
        this.cacheSize = config.cacheSize();
        Duration negativeTtl = Duration.ofMillis(config.negativeTtl());
        this.byKey = cache(config.cacheSize());
        this.byId = cache(config.cacheSize());
        this.unknownKeys = unknown(config.cacheSize(), negativeTtl);
        this.unknownIds = unknown(config.cacheSize(), negativeTtl);
        // A bounded queue: a flood of misses beyond it is answered "unknown" rather than held in memory.
        this.loaders = new ThreadPoolExecutor(config.poolSize(), config.poolSize(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(Math.max(1_000, config.cacheSize())), daemonThreads("herald-app-store-load"));
        this.refresher = Executors.newSingleThreadScheduledExecutor(daemonThreads("herald-app-store-refresh"));
        this.metrics = new AppStoreMetrics(registry, () -> byKey.synchronous().estimatedSize()
                + byId.synchronous().estimatedSize() + unknownKeys.estimatedSize() + unknownIds.estimatedSize());
    }

    /**
     * Reads the whole table once (so a node starts with its apps in memory, up to the cache size)
     * and refreshes it every {@code refresh-interval}. Throws {@link AppStoreException}
     * when the store cannot be read at start; closes {@code source} then.
     */
    public static CachedAppRegistry start(AppSource source, AppStoreConfig config, MeterRegistry registry) {
        CachedAppRegistry apps = new CachedAppRegistry(source, config, registry);
        try {
            List<AppConfig> all = apps.readAll();
            all.stream().limit(apps.cacheSize).forEach(apps::hold);
            LOG.info("App store: {} ({} apps, {} held in memory)", source.describe(), all.size(),
                    Math.min(all.size(), apps.cacheSize));
        } catch (RuntimeException e) {
            apps.close();
            throw e;
        }
        apps.refresher.scheduleWithFixedDelay(apps::refresh, config.refreshInterval(), config.refreshInterval(),
                TimeUnit.MILLISECONDS);
        return apps;
    }

    private static AsyncCache<String, Optional<AppConfig>> cache(int size) {
        return Caffeine.newBuilder().maximumSize(size).buildAsync();
    }

    private static Cache<String, Boolean> unknown(int size, Duration negativeTtl) {
        return Caffeine.newBuilder().maximumSize(size).expireAfterWrite(negativeTtl).build();
    }

    private Cache<String, Boolean> unknown(boolean isKey) {
        return isKey ? unknownKeys : unknownIds;
    }

    @Override
    public CompletableFuture<Optional<AppConfig>> byKey(String key) {
        return lookUp(byKey, key, source::loadByKey, true);
    }

    @Override
    public CompletableFuture<Optional<AppConfig>> byId(String id) {
        return lookUp(byId, id, source::loadById, false);
    }

    private CompletableFuture<Optional<AppConfig>> lookUp(AsyncCache<String, Optional<AppConfig>> cache, String name,
            Function<String, Optional<AppConfig>> load, boolean isKey) {
        if (name == null || !AppConfig.isWellFormedName(name)) {
            return NONE;
        }
        CompletableFuture<Optional<AppConfig>> held = cache.getIfPresent(name);
        if (held != null) {
            metrics.hit();
            return held;
        }
        if (unknown(isKey).getIfPresent(name) != null) {
            metrics.hit();
            return NONE;
        }
        if (isStoreDown()) {
            metrics.refusedWhileDown();
            return NONE;
        }
        metrics.miss();
        CompletableFuture<Optional<AppConfig>> loading = cache.get(name, (missing, executor) -> load(cache, missing, load, isKey));
        if (loading instanceof Loading failing && failing.failed) {
            // It failed before the cache held it: the cache must not keep it as "unknown".
            cache.asMap().remove(name, loading);
        }
        return loading;
    }

    /** A load under way, which knows whether it found nothing to hold (failed, or unknown). */
    private static final class Loading extends CompletableFuture<Optional<AppConfig>> {
        volatile boolean failed;
    }

    /**
     * A load on a thread of the registry. It never fails: a store that cannot answer makes it
     * "unknown" for its waiters, and its entry is taken out first, so that the next lookup asks
     * again rather than remembering the failure.
     */
    private CompletableFuture<Optional<AppConfig>> load(AsyncCache<String, Optional<AppConfig>> cache, String name,
            Function<String, Optional<AppConfig>> load, boolean isKey) {
        Loading loading = new Loading();
        Runnable task = () -> {
            if (isStoreDown()) {
                // Queued before the store failed: not asked now, and not remembered as unknown.
                metrics.refusedWhileDown();
                failed(cache, name, loading);
                return;
            }
            long start = System.nanoTime();
            try {
                Optional<AppConfig> app = load.apply(name);
                storeAnswered();
                if (app.isEmpty()) {
                    unknown(isKey).put(name, Boolean.TRUE);
                    failed(cache, name, loading);
                    return;
                }
                // Found by key, it is known by id too (and the other way round).
                (isKey ? byId : byKey).put(isKey ? app.get().id() : app.get().key(), CompletableFuture.completedFuture(app));
                loading.complete(app);
            } catch (RuntimeException e) {
                metrics.loadFailed();
                storeFailed(e);
                failed(cache, name, loading);
            } finally {
                metrics.loadTimer(isKey).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        };
        try {
            loaders.execute(task);
        } catch (RejectedExecutionException e) {
            // More misses waiting than the queue holds: this one is answered "unknown" now.
            CompletableFuture.runAsync(() -> failed(cache, name, loading));
        }
        return loading;
    }

    private static void failed(AsyncCache<String, Optional<AppConfig>> cache, String name, Loading loading) {
        loading.failed = true;
        cache.asMap().remove(name, loading);
        loading.complete(Optional.empty());
    }

    private void hold(AppConfig app) {
        Optional<AppConfig> found = Optional.of(app);
        byKey.put(app.key(), CompletableFuture.completedFuture(found));
        byId.put(app.id(), CompletableFuture.completedFuture(found));
    }

    private List<AppConfig> readAll() {
        long start = System.nanoTime();
        try {
            return source.loadAll();
        } finally {
            metrics.refreshTimer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    /** Brings every entry held up to date with the table; what is not held stays out. */
    void refresh() {
        List<AppConfig> all;
        try {
            all = readAll();
        } catch (RuntimeException e) {
            metrics.refreshFailed();
            storeFailed(e);
            return;
        }
        storeAnswered();
        Map<String, AppConfig> keys = all.stream().collect(Collectors.toMap(AppConfig::key, app -> app, (a, b) -> a));
        Map<String, AppConfig> ids = all.stream().collect(Collectors.toMap(AppConfig::id, app -> app, (a, b) -> a));
        bringUpToDate(byKey, keys, false);
        bringUpToDate(byId, ids, true);
        // Names that were unknown and now exist.
        unknownKeys.asMap().keySet().removeIf(keys::containsKey);
        unknownIds.asMap().keySet().removeIf(ids::containsKey);
    }

    private void bringUpToDate(AsyncCache<String, Optional<AppConfig>> cache, Map<String, AppConfig> fresh,
            boolean tell) {
        ConcurrentMap<String, CompletableFuture<Optional<AppConfig>>> held = cache.asMap();
        held.forEach((name, lookup) -> {
            if (!lookup.isDone() || lookup.isCompletedExceptionally()) {
                return;
            }
            Optional<AppConfig> before = lookup.join();
            Optional<AppConfig> now = Optional.ofNullable(fresh.get(name));
            if (now.equals(before)) {
                return;
            }
            boolean changed = now.isPresent()
                    ? held.replace(name, lookup, CompletableFuture.completedFuture(now))
                    : held.remove(name, lookup);
            if (now.isEmpty()) {
                (tell ? unknownIds : unknownKeys).put(name, Boolean.TRUE);
            }
            if (changed && tell && before.isPresent()) {
                tell(name, now);
            }
        });
    }

    @Override
    public void onChange(ChangeListener listener) {
        listeners.add(listener);
    }

    @Override
    public void reload(String appId) {
        if (!AppConfig.isWellFormedName(appId)) {
            return;
        }
        try {
            loaders.execute(() -> {
                Optional<AppConfig> now;
                try {
                    now = source.loadById(appId);
                    storeAnswered();
                } catch (RuntimeException e) {
                    metrics.loadFailed();
                    storeFailed(e);
                    return;
                }
                CompletableFuture<Optional<AppConfig>> held = byId.getIfPresent(appId);
                Optional<AppConfig> before = held != null && held.isDone() && !held.isCompletedExceptionally()
                        ? held.join() : Optional.empty();
                if (now.isPresent()) {
                    byId.put(appId, CompletableFuture.completedFuture(now));
                    unknownIds.invalidate(appId);
                } else {
                    byId.synchronous().invalidate(appId);
                    unknownIds.put(appId, Boolean.TRUE);
                }
                before.filter(old -> now.map(app -> !app.key().equals(old.key())).orElse(true))
                        .ifPresent(old -> {
                            byKey.synchronous().invalidate(old.key());
                            unknownKeys.put(old.key(), Boolean.TRUE);
                        });
                now.ifPresent(app -> {
                    byKey.put(app.key(), CompletableFuture.completedFuture(now));
                    unknownKeys.invalidate(app.key());
                });
                if (!now.equals(before)) {
                    tell(appId, now);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.warn("App store: too busy to reload app {} now; the next refresh brings it", appId);
        }
    }

    private void tell(String appId, Optional<AppConfig> now) {
        for (ChangeListener listener : listeners) {
            try {
                listener.changed(appId, now);
            } catch (RuntimeException e) {
                LOG.error("App store: a listener failed on the change of app {}", appId, e);
            }
        }
    }

    private boolean isStoreDown() {
        return storeDown && System.nanoTime() - storeDownUntilNanos < 0;
    }

    private void storeFailed(RuntimeException e) {
        storeDownUntilNanos = System.nanoTime() + STORE_DOWN_PAUSE_NANOS;
        if (!storeDown) {
            storeDown = true;
            LOG.error("App store unreachable, serving the apps held in memory and refusing others: {}", e.toString());
        }
    }

    private void storeAnswered() {
        if (storeDown) {
            storeDown = false;
            LOG.info("App store reachable again");
        }
    }

    @Override
    public List<AppConfig> known() {
        List<AppConfig> apps = new ArrayList<>();
        byId.synchronous().asMap().values().forEach(app -> app.ifPresent(apps::add));
        return apps;
    }

    @Override
    public Optional<AppAdmin> admin() {
        return source instanceof AppAdmin admin ? Optional.of(admin) : Optional.empty();
    }

    @Override
    public boolean mayHaveWebhooks() {
        return true;
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        loaders.shutdownNow();
        source.close();
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
