/**
 * Redis drivers. The Streams webhook queue: start at {@link io.herald.redis.RedisWebhookQueue}; its
 * key layout is {@link io.herald.redis.RedisKeys} and every multi-key change is a script in
 * {@link io.herald.redis.RedisScripts}. The cluster state: start at
 * {@link io.herald.redis.RedisClusterState}; its keys and scripts are in
 * {@link io.herald.redis.RedisStateScripts}. The bus: start at {@link io.herald.redis.RedisBus}; channel
 * names are {@link io.herald.redis.RedisBusChannels}, and keeping the server's subscriptions in line
 * with the interests across reconnects is {@link io.herald.redis.RedisSubscriptions}. Depends on
 * core only.
 */
package io.herald.redis;
