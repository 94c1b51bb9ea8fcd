package io.herald.redis;

import io.herald.concurrent.Futures;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script run by its SHA1 digest (EVALSHA), sending the source (EVAL, which also caches it)
 * only when the server answers NOSCRIPT: after a restart, a failover or SCRIPT FLUSH. Either way the
 * script runs at most once per call, since a NOSCRIPT reply means nothing ran.
 */
final class LuaScript {

    private final String source;
    private final String digest;

    LuaScript(String source) {
        this.source = source;
        this.digest = sha1(source);
    }

    /**
     * Runs the script with {@code keys} as KEYS: the scripts here build their keys from ARGV, and
     * KEYS names one of them only so that a Redis Cluster client routes the call to the shard
     * serving them (a single server ignores it).
     */
    <T> CompletableFuture<T> run(RedisClusterAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys, String[] args) {
        return redis.<T>evalsha(digest, type, keys, args).toCompletableFuture()
                .exceptionallyCompose(failure -> isNoScript(failure)
                        ? redis.<T>eval(source, type, keys, args).toCompletableFuture()
                        : CompletableFuture.failedFuture(failure));
    }

    private static boolean isNoScript(Throwable failure) {
        Throwable cause = Futures.unwrap(failure);
        return cause instanceof RedisNoScriptException || String.valueOf(cause.getMessage()).startsWith("NOSCRIPT");
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
