/**
 * The Redis drivers. The webhook queue: start at {@link io.herald.redis.RedisWebhookQueue}; the
 * key layout is {@link io.herald.redis.RedisKeys} and every multi-key change is a script in
 * {@link io.herald.redis.RedisScripts}. The bus: start at {@link io.herald.redis.RedisBus}; channel
 * names are {@link io.herald.redis.RedisBusChannels}, and keeping the server's subscriptions in line
 * with the interests across reconnects is {@link io.herald.redis.RedisSubscriptions}. Depends on
 * core only.
 */
package io.herald.redis;
