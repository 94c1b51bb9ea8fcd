package io.herald.redis;

import io.herald.cluster.SharedRateWindows;
import io.herald.cluster.ClusterStateException;
import io.herald.config.ClusterConfig;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * {@link SharedRateWindows} on Redis: one key per name and second
 * ({@code PREFIX:rate:NAME:SECOND}), counted by a script in one round trip (INCRBY, and DECRBY
 * back when over the limit) and gone two seconds after its window opened. A command fails after
 * {@link #TIMEOUT}, so a Redis that hangs costs a call at most that long.
 */
public final class RedisRateWindows implements SharedRateWindows {

    /** How long a count may take before the caller counts without Redis. */
    public static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final String WINDOW_MILLIS_TO_LIVE = "2000";

    /** ARGV: key, amount, limit, time to live in ms. Returns 1 when added, 0 when over the limit (nothing added). */
    static final String TRY_ADD = """
            local amount, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
            local count = redis.call('INCRBY', ARGV[1], amount)
            if count == amount then redis.call('PEXPIRE', ARGV[1], ARGV[4]) end
            if count > limit then
              redis.call('DECRBY', ARGV[1], amount)
              return 0
            end
            return 1
            """;
    private static final LuaScript SCRIPT = new LuaScript(TRY_ADD);

    private final RedisClients clients;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;
    private final String prefix;

    /** Connects now; fails with {@link ClusterStateException} when Redis cannot be reached (later outages only fail calls). */
    public RedisRateWindows(ClusterConfig.Redis config) {
        this.prefix = RedisKeys.of(config.keyPrefix()).prefix() + ":rate:";
        this.clients = RedisClients.create(config.url(), TIMEOUT);
        try {
            this.connection = clients.client().connect();
        } catch (RedisException e) {
            clients.shutdown();
            throw new ClusterStateException("cannot open the Redis rate counts at " + clients.address() + ": "
                    + e.getMessage(), e);
        }
        this.redis = connection.async();
    }

    @Override
    public CompletionStage<Boolean> tryAdd(String name, long epochSecond, int amount, int limit) {
        String[] args = {prefix + name + ":" + epochSecond, Integer.toString(amount), Integer.toString(limit),
            WINDOW_MILLIS_TO_LIVE};
        return SCRIPT.<Long>run(redis, ScriptOutputType.INTEGER, args).thenApply(added -> added == 1L);
    }

    @Override
    public String describe() {
        return "redis " + clients.address();
    }

    @Override
    public void close() {
        connection.close();
        clients.shutdown();
    }
}
