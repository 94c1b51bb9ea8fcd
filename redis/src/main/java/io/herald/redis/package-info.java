/**
 * The Redis Streams webhook queue driver: start at {@link io.herald.redis.RedisWebhookQueue}; the
 * key layout is {@link io.herald.redis.RedisKeys} and every multi-key change is a script in
 * {@link io.herald.redis.RedisScripts}. Depends on core only.
 */
package io.herald.redis;
