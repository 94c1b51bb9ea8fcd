/**
 * Redis drivers. The Streams webhook queue: start at {@link io.herald.redis.RedisWebhookQueue}; its
 * key layout is {@link io.herald.redis.RedisKeys} and every multi-key change is a script in
 * {@link io.herald.redis.RedisScripts}. The cluster state: start at
 * {@link io.herald.redis.RedisClusterState}; its keys and scripts are in
 * {@link io.herald.redis.RedisStateScripts}, those of leases, claims and re-assertion in
 * {@link io.herald.redis.RedisLeaseScripts}. The bus: start at {@link io.herald.redis.RedisBus}; channel
 * names are {@link io.herald.redis.RedisBusChannels}, and keeping the server's subscriptions in line
 * with the interests across reconnects is {@link io.herald.redis.RedisSubscriptions}. On a Redis
 * Cluster ({@link io.herald.redis.RedisClients} opens either client): the state is
 * {@link io.herald.redis.RedisPartitionedClusterState}, hash-tagged partitions each a
 * {@code RedisClusterState}; the bus is {@link io.herald.redis.RedisClusterBus}, one
 * {@link io.herald.redis.RedisBusShard} per primary; the queue is the same class, its keys one hash
 * tag, each write waiting for a replica ({@link io.herald.redis.ReplicaAcknowledgement}). Depends on
 * core only.
 */
package io.herald.redis;
