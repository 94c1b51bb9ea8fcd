package io.herald.redis;

import io.herald.cluster.SharedRateWindows;
import io.herald.cluster.ClusterStateException;
import io.herald.config.ClusterConfig;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * {@link SharedRateWindows} on Redis: one key per name and second
 * ({@code PREFIX:rate:NAME:SECOND}), counted by a script in one round trip (INCRBY, and DECRBY
 * back when over the limit) and gone two seconds after its window opened. A command fails after
 * {@link #TIMEOUT}, so a Redis that hangs costs a call at most that long. On a Redis Cluster each
 * key lives on the shard of its own slot, so the apps' counts spread over the shards.
 */
public final class RedisRateWindows implements SharedRateWindows {

    /** How long a count may take before the caller counts without Redis. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String WINDOW_MILLIS_TO_LIVE = "2000";

    /** KEYS: the window's key; ARGV: amount, limit, time to live in ms. Returns 1 when added, 0 when over the limit (nothing added). */
    static final String TRY_ADD = """
            local amount, limit = tonumber(ARGV[1]), tonumber(ARGV[2])
            local count = redis.call('INCRBY', KEYS[1], amount)
            if count == amount then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
            if count > limit then
              redis.call('DECRBY', KEYS[1], amount)
              return 0
            end
            return 1
            """;
    private static final LuaScript SCRIPT = new LuaScript(TRY_ADD);

    private final RedisClients clients;
    private final RedisClients.RedisLink<String, String> link;
    private final String prefix;

    /** Connects now; fails with {@link ClusterStateException} when Redis cannot be reached (later outages only fail calls). */
    public RedisRateWindows(ClusterConfig.Redis config) {
        this.prefix = RedisKeys.of(config.keyPrefix()).prefix() + ":rate:";
        this.clients = RedisClients.create(config.url(), config.mode(), TIMEOUT);
        try {
            this.link = clients.connect(StringCodec.UTF8);
        } catch (RedisException e) {
            clients.shutdown();
            throw new ClusterStateException("cannot open the Redis rate counts at " + clients.address() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public CompletionStage<Boolean> tryAdd(String name, long epochSecond, int amount, int limit) {
        String[] keys = {prefix + name + ":" + epochSecond};
        String[] args = {Integer.toString(amount), Integer.toString(limit), WINDOW_MILLIS_TO_LIVE};
        return SCRIPT.<Long>run(link.async(), ScriptOutputType.INTEGER, keys, args).thenApply(added -> added == 1L);
    }

    @Override
    public String describe() {
        return "redis " + clients.address();
    }

    @Override
    public void close() {
        link.connection().close();
        clients.shutdown();
    }
}
