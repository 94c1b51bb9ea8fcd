package io.herald.redis;

import io.herald.webhook.WebhookQueue.Lane;
import java.util.Locale;

/**
 * Every key {@link RedisWebhookQueue} writes, all under one prefix ({@code herald} by default).
 * On a Redis Cluster the prefix is a hash tag ({@code {herald}}), so that the scripts moving a job
 * between the streams, the delayed set and the indexes find every key on one shard.
 */
record RedisKeys(String prefix) {

    static final String DEFAULT_PREFIX = "herald";

    static RedisKeys of(String prefix) {
        return new RedisKeys(prefix == null || prefix.isBlank() ? DEFAULT_PREFIX : prefix);
    }

    /** The keys under {@code prefix}, made a hash tag when {@code cluster} (kept as it is when it holds one already). */
    static RedisKeys of(String prefix, boolean cluster) {
        RedisKeys keys = of(prefix);
        return cluster ? new RedisKeys(hashTag(keys.prefix())) : keys;
    }

    /** {@code text} in braces, so Redis Cluster hashes only it; unchanged when it already holds a tag. */
    static String hashTag(String text) {
        int open = text.indexOf('{');
        return open >= 0 && text.indexOf('}', open + 2) > 0 ? text : "{" + text + "}";
    }

    /** The stream of a lane: {@code PREFIX:webhooks:first} or {@code PREFIX:webhooks:retry}. */
    String lane(Lane lane) {
        return base() + lane.name().toLowerCase(Locale.ROOT);
    }

    /** Sorted set of delayed retries: job id scored by the epoch millisecond it is due. */
    String delayed() {
        return base() + "delayed";
    }

    /** Hash holding one delayed retry's fields until it is due. */
    String delayedJob(String jobId) {
        return delayedJobPrefix() + jobId;
    }

    String delayedJobPrefix() {
        return base() + "delayed:";
    }

    /** Hash from a debounced job's cancel key to its id, while it waits in {@link #delayed()}. */
    String cancelIndex() {
        return base() + "cancel-index";
    }

    /** Stream of dead letters, oldest first. */
    String dead() {
        return base() + "dead";
    }

    /** Hash from job id to its entry in {@link #dead()}, for replay by id. */
    String deadIndex() {
        return base() + "dead-index";
    }

    private String base() {
        return prefix + ":webhooks:";
    }
}
